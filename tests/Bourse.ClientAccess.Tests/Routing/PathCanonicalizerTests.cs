using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Routing;

namespace Bourse.ClientAccess.Tests.Routing;

public sealed class PathCanonicalizerTests
{
    [Theory]
    // Protocol prefixes, case-insensitive as IIS virtual directories, canonical spelling from the policy table.
    [InlineData("/owa", ClientAccessProtocol.Owa, "/owa")]
    [InlineData("/owa/", ClientAccessProtocol.Owa, "/owa/")]
    [InlineData("/OWA/auth/logon.aspx", ClientAccessProtocol.Owa, "/owa/auth/logon.aspx")]
    [InlineData("/EWS/Exchange.asmx", ClientAccessProtocol.Ews, "/EWS/Exchange.asmx")]
    [InlineData("/ews/exchange.asmx", ClientAccessProtocol.Ews, "/EWS/exchange.asmx")]
    [InlineData("/Microsoft-Server-ActiveSync", ClientAccessProtocol.ActiveSync, "/Microsoft-Server-ActiveSync")]
    [InlineData("/microsoft-server-activesync/default.eas", ClientAccessProtocol.ActiveSync, "/Microsoft-Server-ActiveSync/default.eas")]
    [InlineData("/mapi/emsmdb/", ClientAccessProtocol.Mapi, "/mapi/emsmdb/")]
    [InlineData("/MAPI/nspi/", ClientAccessProtocol.Mapi, "/mapi/nspi/")]
    [InlineData("/autodiscover/autodiscover.xml", ClientAccessProtocol.Autodiscover, "/autodiscover/autodiscover.xml")]
    [InlineData("/AutoDiscover/AutoDiscover.xml", ClientAccessProtocol.Autodiscover, "/autodiscover/AutoDiscover.xml")]
    [InlineData("/autodiscover/autodiscover.json/v1.0/alice@bourse.test", ClientAccessProtocol.Autodiscover, "/autodiscover/autodiscover.json/v1.0/alice@bourse.test")]
    // Decoding once: an encoded unreserved character is just that character.
    [InlineData("/%6fwa/", ClientAccessProtocol.Owa, "/owa/")]
    [InlineData("/EWS/Exchange%2Easmx", ClientAccessProtocol.Ews, "/EWS/Exchange.asmx")]
    // Absolute-form (RFC 9112 3.2.2): the authority is dropped, never used.
    [InlineData("https://evil.example:444/EWS/Exchange.asmx", ClientAccessProtocol.Ews, "/EWS/Exchange.asmx")]
    [InlineData("http://127.0.0.1:1/owa/", ClientAccessProtocol.Owa, "/owa/")]
    public void ProtocolPathsCanonicalize(string raw, ClientAccessProtocol protocol, string canonical)
    {
        var route = PathCanonicalizer.Canonicalize(raw);

        Assert.True(route.IsSuccess, route.Rejection.ToString());
        Assert.Equal(protocol, route.Protocol);
        Assert.Equal(ClientAccessRouteKind.Protocol, route.Kind);
        Assert.Equal(canonical, route.Path);
        Assert.Null(route.Target);
    }

    [Theory]
    [InlineData("/", ClientAccessRouteKind.Landing, ClientAccessProtocol.Unknown, "/")]
    [InlineData("/healthz", ClientAccessRouteKind.HealthCheck, ClientAccessProtocol.Unknown, "/healthz")]
    [InlineData("/HEALTHZ", ClientAccessRouteKind.HealthCheck, ClientAccessProtocol.Unknown, "/healthz")]
    [InlineData("/owa/healthcheck.htm", ClientAccessRouteKind.HealthCheck, ClientAccessProtocol.Owa, "/owa/healthcheck.htm")]
    [InlineData("/ews/HealthCheck.htm", ClientAccessRouteKind.HealthCheck, ClientAccessProtocol.Ews, "/EWS/HealthCheck.htm")]
    [InlineData("/Microsoft-Server-ActiveSync/healthcheck.htm", ClientAccessRouteKind.HealthCheck, ClientAccessProtocol.ActiveSync, "/Microsoft-Server-ActiveSync/healthcheck.htm")]
    [InlineData("/autodiscover/healthcheck.htm", ClientAccessRouteKind.HealthCheck, ClientAccessProtocol.Autodiscover, "/autodiscover/healthcheck.htm")]
    [InlineData("/mapi/healthcheck.htm", ClientAccessRouteKind.HealthCheck, ClientAccessProtocol.Mapi, "/mapi/healthcheck.htm")]
    [InlineData("/mapi/emsmdb/healthcheck.htm", ClientAccessRouteKind.Protocol, ClientAccessProtocol.Mapi, "/mapi/emsmdb/healthcheck.htm")]
    public void ProbesAndLandingAreRecognised(string raw, ClientAccessRouteKind kind, ClientAccessProtocol protocol, string canonical)
    {
        var route = PathCanonicalizer.Canonicalize(raw);

        Assert.True(route.IsSuccess, route.Rejection.ToString());
        Assert.Equal(kind, route.Kind);
        Assert.Equal(protocol, route.Protocol);
        Assert.Equal(canonical, route.Path);
    }

    [Theory]
    [InlineData("", nameof(RouteRejection.MalformedTarget))]
    [InlineData("*", nameof(RouteRejection.MalformedTarget))]
    [InlineData("mail.bourse.test:443", nameof(RouteRejection.MalformedTarget))]
    [InlineData("owa/", nameof(RouteRejection.MalformedTarget))]
    [InlineData("/owa/#x", nameof(RouteRejection.MalformedTarget))]
    [InlineData("/owa/%", nameof(RouteRejection.MalformedPercentEncoding))]
    [InlineData("/owa/%2", nameof(RouteRejection.MalformedPercentEncoding))]
    [InlineData("/owa/%zz", nameof(RouteRejection.MalformedPercentEncoding))]
    [InlineData("/owa/%u002e%u002e/ecp", nameof(RouteRejection.MalformedPercentEncoding))]
    // IIS 404.11: double encoding.
    [InlineData("/owa/%252e%252e/ecp/y.js", nameof(RouteRejection.DoubleEncoding))]
    [InlineData("/owa/%25", nameof(RouteRejection.DoubleEncoding))]
    [InlineData("/owa/..%252f..%252fecp", nameof(RouteRejection.DoubleEncoding))]
    // Encoded separators.
    [InlineData("/owa/..%2f..%2fecp/y.js", nameof(RouteRejection.EncodedSlash))]
    [InlineData("/owa%2Fauth/x.js", nameof(RouteRejection.EncodedSlash))]
    [InlineData("/owa/..%5cecp", nameof(RouteRejection.Backslash))]
    [InlineData("/owa/..\\ecp\\y.js", nameof(RouteRejection.Backslash))]
    [InlineData("/owa\\..\\ecp", nameof(RouteRejection.Backslash))]
    // NUL and other controls.
    [InlineData("/owa/x%00.js", nameof(RouteRejection.ControlCharacter))]
    [InlineData("/owa/x%0d%0aSet-Cookie:a", nameof(RouteRejection.ControlCharacter))]
    [InlineData("/owa/x%7f", nameof(RouteRejection.ControlCharacter))]
    [InlineData("/owa/x y", nameof(RouteRejection.ControlCharacter))]
    // CVE-2000-0884: overlong UTF-8 for '.' and '/'; invalid UTF-8.
    [InlineData("/owa/%c0%ae%c0%ae/ecp", nameof(RouteRejection.InvalidUtf8))]
    [InlineData("/owa/..%c0%af..%c0%afecp", nameof(RouteRejection.InvalidUtf8))]
    [InlineData("/owa/%e0%80%ae", nameof(RouteRejection.InvalidUtf8))]
    [InlineData("/owa/%ff", nameof(RouteRejection.InvalidUtf8))]
    // IIS 404.12 high-bit characters: fullwidth solidus and full stop, and any other non-ASCII.
    [InlineData("/owa/%ef%bc%8f..%ef%bc%8fecp", nameof(RouteRejection.NonAsciiPath))]
    [InlineData("/owa/%ef%bc%8e%ef%bc%8e/ecp", nameof(RouteRejection.NonAsciiPath))]
    [InlineData("/owa/caf%c3%a9", nameof(RouteRejection.NonAsciiPath))]
    [InlineData("/owa/caf\u00e9", nameof(RouteRejection.NonAsciiPath))]
    // Characters outside the allow-list.
    [InlineData("/owa/auth/logon.aspx::$DATA", nameof(RouteRejection.ForbiddenCharacter))]
    [InlineData("/owa/..;/ecp/", nameof(RouteRejection.ForbiddenCharacter))]
    [InlineData("/owa/%3b/ecp", nameof(RouteRejection.ForbiddenCharacter))]
    [InlineData("/owa/%20", nameof(RouteRejection.ForbiddenCharacter))]
    [InlineData("/owa/%22%3cscript%3e", nameof(RouteRejection.ForbiddenCharacter))]
    [InlineData("/owa/a%7cb", nameof(RouteRejection.ForbiddenCharacter))]
    // Dot segments, after decoding, and Win32 trailing dots.
    [InlineData("/owa/../ecp/y.js", nameof(RouteRejection.DotSegment))]
    [InlineData("/owa/./", nameof(RouteRejection.DotSegment))]
    [InlineData("/owa/%2e%2e/ecp/y.js", nameof(RouteRejection.DotSegment))]
    [InlineData("/owa/.%2e/ecp", nameof(RouteRejection.DotSegment))]
    [InlineData("/owa/%2E/", nameof(RouteRejection.DotSegment))]
    [InlineData("/owa/...", nameof(RouteRejection.DotSegment))]
    [InlineData("/owa./", nameof(RouteRejection.DotSegment))]
    [InlineData("/owa/..", nameof(RouteRejection.DotSegment))]
    [InlineData("/EWS/Exchange.asmx.", nameof(RouteRejection.DotSegment))]
    // Empty segments.
    [InlineData("//owa/", nameof(RouteRejection.EmptySegment))]
    [InlineData("/owa//auth/x.js", nameof(RouteRejection.EmptySegment))]
    [InlineData("/EWS//Exchange.asmx", nameof(RouteRejection.EmptySegment))]
    // Unknown and reserved.
    [InlineData("/foo", nameof(RouteRejection.UnknownPath))]
    [InlineData("/owax/", nameof(RouteRejection.UnknownPath))]
    [InlineData("/PowerShell/", nameof(RouteRejection.UnknownPath))]
    [InlineData("/rpc/rpcproxy.dll", nameof(RouteRejection.UnknownPath))]
    [InlineData("/favicon.ico", nameof(RouteRejection.UnknownPath))]
    [InlineData("/healthcheck.htm", nameof(RouteRejection.UnknownPath))]
    [InlineData("/ecp", nameof(RouteRejection.ReservedPath))]
    [InlineData("/ecp/y.js", nameof(RouteRejection.ReservedPath))]
    [InlineData("/ECP/DDI/DDIService.svc/GetList", nameof(RouteRejection.ReservedPath))]
    [InlineData("/%65cp/y.js", nameof(RouteRejection.ReservedPath))]
    public void AmbiguousOrUnknownTargetsAreRefused(string raw, string reason)
    {
        var route = PathCanonicalizer.Canonicalize(raw);

        Assert.False(route.IsSuccess);
        Assert.Equal(Enum.Parse<RouteRejection>(reason), route.Rejection);
    }

    [Fact]
    public void OverlongPathsAndQueriesAreRefused()
    {
        Assert.Equal(RouteRejection.TooLong, PathCanonicalizer.Canonicalize("/owa/" + new string('a', PathCanonicalizer.MaxPathLength)).Rejection);
        Assert.Equal(RouteRejection.TooLong, PathCanonicalizer.Canonicalize("/owa/?a=" + new string('a', PathCanonicalizer.MaxQueryLength)).Rejection);
        Assert.True(PathCanonicalizer.Canonicalize("/owa/" + new string('a', 1000)).IsSuccess);
    }

    [Theory]
    // Exchange explicit logon: the address becomes the target and leaves the path.
    [InlineData("/owa/alice@bourse.test/", "/owa/", "alice@bourse.test")]
    [InlineData("/owa/alice@bourse.test", "/owa/", "alice@bourse.test")]
    [InlineData("/owa/bob@bourse.test/inbox", "/owa/inbox", "bob@bourse.test")]
    [InlineData("/owa/bob%40bourse.test/", "/owa/", "bob@bourse.test")]
    [InlineData("/OWA/Bob@Bourse.Test/", "/owa/", "Bob@Bourse.Test")]
    [InlineData("/EWS/Exchange.asmx/bob@bourse.test", "/EWS/Exchange.asmx", "bob@bourse.test")]
    [InlineData("/autodiscover/autodiscover.json?@bob@bourse.test", "/autodiscover/autodiscover.json", "bob@bourse.test")]
    [InlineData("/autodiscover/autodiscover.json?%40bob%40bourse.test", "/autodiscover/autodiscover.json", "bob@bourse.test")]
    public void ExplicitLogonAddressesBecomeTheTarget(string raw, string canonical, string target)
    {
        var route = PathCanonicalizer.Canonicalize(raw);

        Assert.True(route.IsSuccess, route.Rejection.ToString());
        Assert.Equal(canonical, route.Path);
        Assert.Equal(new MailboxTarget(MailboxTargetKind.SmtpAddress, target), route.Target);
    }

    [Theory]
    [InlineData("/mapi/emsmdb/?MailboxId=5d1fd4ab-9b5e-4d56-a3f1-4b4c2d1b2a1f@bourse.test")]
    [InlineData("/mapi/nspi/?mailboxid=5D1FD4AB-9B5E-4D56-A3F1-4B4C2D1B2A1F%40bourse.test")]
    public void MapiMailboxIdBecomesAGuidTarget(string raw)
    {
        var route = PathCanonicalizer.Canonicalize(raw);

        Assert.True(route.IsSuccess, route.Rejection.ToString());
        Assert.Equal(new MailboxTarget(MailboxTargetKind.MailboxGuid, "5d1fd4ab-9b5e-4d56-a3f1-4b4c2d1b2a1f"), route.Target);
    }

    [Theory]
    // '@' only where an explicit-logon form puts it, and only a well-formed address.
    [InlineData("/owa/auth/x@evil.com/y.js", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/owa/@evil.com/", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/owa/a@b@c/", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/owa/user@evil.com%3a444/", nameof(RouteRejection.ForbiddenCharacter))]
    [InlineData("/EWS/bob@bourse.test/Exchange.asmx", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/mapi/emsmdb/bob@bourse.test", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/Microsoft-Server-ActiveSync/bob@bourse.test", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/autodiscover/bob@bourse.test/autodiscover.xml", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/autodiscover/autodiscover.json/v1.0/not-an-address@", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/healthz/a@b.c", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/mapi/emsmdb/?MailboxId=not-a-guid@bourse.test", nameof(RouteRejection.MalformedExplicitLogon))]
    [InlineData("/mapi/emsmdb/?MailboxId=5d1fd4ab-9b5e-4d56-a3f1-4b4c2d1b2a1f", nameof(RouteRejection.MalformedExplicitLogon))]
    // Two explicit-logon forms in one request.
    [InlineData("/autodiscover/autodiscover.json?@a@bourse.test&@b@bourse.test", nameof(RouteRejection.DuplicateParameter))]
    [InlineData("/mapi/emsmdb/?MailboxId=5d1fd4ab-9b5e-4d56-a3f1-4b4c2d1b2a1f@x.test&MailboxId=6d1fd4ab-9b5e-4d56-a3f1-4b4c2d1b2a1f@x.test", nameof(RouteRejection.DuplicateParameter))]
    [InlineData("/owa/bob@bourse.test/?@alice@bourse.test", nameof(RouteRejection.QuerySmuggling))]
    public void MalformedExplicitLogonIsRefused(string raw, string reason)
    {
        Assert.Equal(Enum.Parse<RouteRejection>(reason), PathCanonicalizer.Canonicalize(raw).Rejection);
    }
}
