using Bourse.ClientAccess.Auth;

namespace Bourse.ClientAccess.Routing;

/// <summary>
/// Turns the raw request target into the one canonical route every later stage uses. Anything ambiguous is refused
/// rather than repaired: each rule below is a way two components (front end, back end, file system, IIS) once
/// disagreed about what a URL meant.
/// </summary>
internal static class PathCanonicalizer
{
    // IIS requestLimits: maxUrl 4096, maxQueryString 2048 (404.14 / 404.15). No Exchange client path comes near 2048;
    // OWA ids in the query can be long, so the query limit is more generous than IIS's.
    public const int MaxPathLength = 2048;
    public const int MaxQueryLength = 8192;

    private const string HealthzSegment = "healthz";
    private const string HealthCheckFile = "healthcheck.htm";

    public static CanonicalRoute Canonicalize(string rawTarget)
    {
        if (!TrySplitTarget(rawTarget, out var rawPath, out var rawQuery))
        {
            return CanonicalRoute.Fail(RouteRejection.MalformedTarget);
        }
        if (rawPath.Length > MaxPathLength || rawQuery?.Length > MaxQueryLength)
        {
            return CanonicalRoute.Fail(RouteRejection.TooLong);
        }
        var rejection = PercentDecoder.DecodePath(rawPath, out var path);
        if (rejection == RouteRejection.None)
        {
            rejection = CheckCharactersAndSegments(path);
        }
        if (rejection != RouteRejection.None)
        {
            return CanonicalRoute.Fail(rejection);
        }

        if (path == "/")
        {
            return WithQuery(ClientAccessProtocol.Unknown, ClientAccessRouteKind.Landing, "/", null, rawQuery);
        }
        var firstEnd = path.IndexOf('/', 1);
        var first = firstEnd < 0 ? path.AsSpan(1) : path.AsSpan(1, firstEnd - 1);
        if (first.Equals(HealthzSegment, StringComparison.OrdinalIgnoreCase))
        {
            var rest = firstEnd < 0 ? string.Empty : path[firstEnd..];
            return rest.Contains('@', StringComparison.Ordinal)
                ? CanonicalRoute.Fail(RouteRejection.MalformedExplicitLogon)
                : WithQuery(ClientAccessProtocol.Unknown, ClientAccessRouteKind.HealthCheck, "/" + HealthzSegment + rest, null, rawQuery);
        }

        // Protocol prefixes come from the authentication policy table, matched case-insensitively on a segment boundary
        // as IIS matches virtual directories; the canonical spelling is the table's.
        var policy = ProtocolAuthPolicies.ForPath(path);
        if (ReferenceEquals(policy, ProtocolAuthPolicies.Default))
        {
            return CanonicalRoute.Fail(RouteRejection.UnknownPath);
        }
        if (policy.Protocol == ClientAccessProtocol.Ecp)
        {
            // /ecp is reserved for the admin center: nothing serves it yet (and CVE-2021-26855 came in through it).
            return CanonicalRoute.Fail(RouteRejection.ReservedPath);
        }
        if (!path.Contains('@', StringComparison.Ordinal))
        {
            // No explicit-logon form anywhere: the segments stay as they are, so the canonical path is the table's
            // spelling of the prefix followed by the rest as received (the input itself when it is spelled that way).
            var rest = path.AsSpan(policy.PathPrefix.Length);
            var plainKind = rest.Length > 1 && rest[1..].Equals(HealthCheckFile, StringComparison.OrdinalIgnoreCase)
                ? ClientAccessRouteKind.HealthCheck
                : ClientAccessRouteKind.Protocol;
            var plain = path.StartsWith(policy.PathPrefix, StringComparison.Ordinal) ? path : string.Concat(policy.PathPrefix, rest);
            return WithQuery(policy.Protocol, plainKind, plain, null, rawQuery);
        }
        var segments = path.Length == policy.PathPrefix.Length
            ? new List<string>()
            : [.. path[(policy.PathPrefix.Length + 1)..].Split('/')];
        rejection = ExtractExplicitLogon(policy.Protocol, segments, out var target);
        if (rejection != RouteRejection.None)
        {
            return CanonicalRoute.Fail(rejection);
        }
        var kind = segments.Count == 1 && segments[0].Equals(HealthCheckFile, StringComparison.OrdinalIgnoreCase)
            ? ClientAccessRouteKind.HealthCheck
            : ClientAccessRouteKind.Protocol;
        var canonical = segments.Count == 0 && target is null
            ? policy.PathPrefix
            : policy.PathPrefix + "/" + string.Join('/', segments);
        return WithQuery(policy.Protocol, kind, canonical, target, rawQuery);
    }

    private static CanonicalRoute WithQuery(ClientAccessProtocol protocol, ClientAccessRouteKind kind, string path, MailboxTarget? pathTarget, string? rawQuery)
    {
        var rejection = QueryStringInspector.Inspect(rawQuery, protocol, out var queryTarget);
        if (rejection != RouteRejection.None)
        {
            return CanonicalRoute.Fail(rejection);
        }
        // Two explicit-logon forms in one request (path and query) could disagree: refuse rather than pick one.
        if (pathTarget is not null && queryTarget is not null)
        {
            return CanonicalRoute.Fail(RouteRejection.DuplicateParameter);
        }
        return new CanonicalRoute(RouteRejection.None, protocol, kind, path, pathTarget ?? queryTarget);
    }

    private static bool TrySplitTarget(string rawTarget, out string rawPath, out string? rawQuery)
    {
        rawPath = string.Empty;
        rawQuery = null;
        string pathAndQuery;
        if (rawTarget.StartsWith('/'))
        {
            pathAndQuery = rawTarget;
        }
        else if (rawTarget.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || rawTarget.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 9112 3.2.2: absolute-form must be accepted; its authority names nothing for us and is dropped here
            // (routing never reads an authority or Host header: the SSRF half of CVE-2021-26855).
            var authorityStart = rawTarget.IndexOf("://", StringComparison.Ordinal) + 3;
            var end = rawTarget.AsSpan(authorityStart).IndexOfAny('/', '?');
            pathAndQuery = end < 0 ? "/" : rawTarget[(authorityStart + end)..];
            if (pathAndQuery.StartsWith('?'))
            {
                pathAndQuery = "/" + pathAndQuery;
            }
        }
        else
        {
            // Asterisk-form and authority-form (RFC 9112 3.2.3, 3.2.4) address no resource here.
            return false;
        }
        // RFC 9112 3.2: a fragment is never part of a request target.
        if (pathAndQuery.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        rawPath = q < 0 ? pathAndQuery : pathAndQuery[..q];
        rawQuery = q < 0 ? null : pathAndQuery[(q + 1)..];
        return true;
    }

    private static RouteRejection CheckCharactersAndSegments(string path)
    {
        foreach (var c in path)
        {
            // RFC 3986 3.3 pchar less ':' (NTFS "::$DATA" streams) and ';' (path parameters, the "..;/" confusion),
            // plus nothing else: spaces, quotes and brackets have no place in an Exchange URL.
            if (!char.IsAsciiLetterOrDigit(c) && "/-._~!$&'()*+,=@".IndexOf(c) < 0)
            {
                return RouteRejection.ForbiddenCharacter;
            }
        }
        var segmentStart = 1;
        while (segmentStart <= path.Length)
        {
            var end = path.IndexOf('/', segmentStart);
            var last = end < 0;
            var segment = path.AsSpan(segmentStart, (last ? path.Length : end) - segmentStart);
            if (segment.IsEmpty && !last)
            {
                // "//": IIS and Kestrel disagree on whether it is one segment or two.
                return RouteRejection.EmptySegment;
            }
            // RFC 3986 5.2.4 dot segments after decoding (%2e%2e), and Win32 path normalization that drops trailing
            // dots ("owa." is "owa", "..." is ".."): IIS request filtering 404.5.
            if (!segment.IsEmpty && segment[^1] == '.')
            {
                return RouteRejection.DotSegment;
            }
            if (last)
            {
                break;
            }
            segmentStart = end + 1;
        }
        return RouteRejection.None;
    }

    private static RouteRejection ExtractExplicitLogon(ClientAccessProtocol protocol, List<string> segments, out MailboxTarget? target)
    {
        target = null;
        var index = protocol switch
        {
            // Exchange explicit logon: "/owa/user@domain/…" opens that mailbox.
            ClientAccessProtocol.Owa => 0,
            // Exchange explicit logon for EWS: "/EWS/Exchange.asmx/user@domain".
            ClientAccessProtocol.Ews => segments.Count - 1,
            _ => -1,
        };
        if (index >= 0 && index < segments.Count && segments[index].Contains('@', StringComparison.Ordinal))
        {
            if (!SmtpAddressSyntax.IsValid(segments[index]))
            {
                return RouteRejection.MalformedExplicitLogon;
            }
            target = new MailboxTarget(MailboxTargetKind.SmtpAddress, segments[index]);
            segments.RemoveAt(index);
        }
        for (var i = 0; i < segments.Count; i++)
        {
            if (!segments[i].Contains('@', StringComparison.Ordinal))
            {
                continue;
            }
            // Autodiscover v2: "/autodiscover/autodiscover.json/v1.0/{email}" is the address being discovered (the
            // handler's input, answered without revealing other users), not a mailbox to open.
            if (protocol == ClientAccessProtocol.Autodiscover && i == 2 && segments.Count == 3 &&
                segments[0].Equals("autodiscover.json", StringComparison.OrdinalIgnoreCase) &&
                segments[1].Equals("v1.0", StringComparison.OrdinalIgnoreCase) && SmtpAddressSyntax.IsValid(segments[2]))
            {
                continue;
            }
            // Any other '@' in a path is where CVE-2021-26855-style parsers found a mailbox or a server: refused.
            return RouteRejection.MalformedExplicitLogon;
        }
        return RouteRejection.None;
    }
}
