using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Routing;

namespace Bourse.ClientAccess.Tests.Routing;

public sealed class QueryStringInspectorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("&&")]
    [InlineData("Cmd=Sync&User=alice&DeviceId=ABC123&DeviceType=iPhone")]
    [InlineData("User=alice%40bourse.test&DeviceId=A")]
    // MS-ASHTTP 2.2.1.1.1.2: the base64 query form holds '/', '+' and '='.
    [InlineData("jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l/+==")]
    [InlineData("Email=alice@bourse.test&Protocol=ActiveSync&RedirectCount=1")]
    [InlineData("ae=Item&t=IPM.Note&id=RgAAAAD%2bAAAA%2fAA%3d")]
    [InlineData("url=%2fowa%2f&reason=0")]
    [InlineData("q=caf%C3%A9+100%25")]
    public void OrdinaryQueriesPass(string? query)
    {
        Assert.Equal(RouteRejection.None, QueryStringInspector.Inspect(query, ClientAccessProtocol.Owa, out var target));
        Assert.Null(target);
    }

    [Theory]
    // CVE-2021-34473 ProxyShell shapes.
    [InlineData("@evil.com/mapi/nspi/?&Email=autodiscover/autodiscover.json%3f@evil.com", ClientAccessProtocol.Autodiscover)]
    [InlineData("&Email=autodiscover/autodiscover.json%3F@evil.com", ClientAccessProtocol.Autodiscover)]
    [InlineData("Email=autodiscover/autodiscover.json%3f", ClientAccessProtocol.Autodiscover)]
    [InlineData("@evil.com", ClientAccessProtocol.Autodiscover)]
    [InlineData("@evil.com/PowerShell/", ClientAccessProtocol.Autodiscover)]
    [InlineData("a=a@evil.com/owa/", ClientAccessProtocol.Owa)]
    [InlineData("a=evil.com%5c@x", ClientAccessProtocol.Owa)]
    [InlineData("a=x@evil.com%23", ClientAccessProtocol.Owa)]
    [InlineData("x=1/EWS/Exchange.asmx", ClientAccessProtocol.Ews)]
    [InlineData("x=/PowerShell/x", ClientAccessProtocol.Ews)]
    [InlineData("user@evil.com=1", ClientAccessProtocol.Ews)]
    // @ keys are an Autodiscover form only.
    [InlineData("@alice@bourse.test", ClientAccessProtocol.Owa)]
    [InlineData("@alice@bourse.test=1", ClientAccessProtocol.Autodiscover)]
    // CVE-2021-34523: X-Rps-CAT carried a forged access token.
    [InlineData("X-Rps-CAT=VgEAVAdXaW5kb3dzQwBBCEtlcmJlcm9z", ClientAccessProtocol.Autodiscover)]
    [InlineData("x-rps-cat=", ClientAccessProtocol.Owa)]
    public void SmugglingIsRefused(string query, ClientAccessProtocol protocol)
    {
        Assert.Equal(RouteRejection.QuerySmuggling, QueryStringInspector.Inspect(query, protocol, out _));
    }

    [Theory]
    [InlineData("a=%252e%252e", nameof(RouteRejection.DoubleEncoding))]
    [InlineData("Email=alice%2540bourse.test", nameof(RouteRejection.DoubleEncoding))]
    [InlineData("a=%00", nameof(RouteRejection.ControlCharacter))]
    [InlineData("a=x%0d%0aSet-Cookie:%20a", nameof(RouteRejection.ControlCharacter))]
    [InlineData("a=%", nameof(RouteRejection.MalformedPercentEncoding))]
    [InlineData("a=%g0", nameof(RouteRejection.MalformedPercentEncoding))]
    [InlineData("a=%c0%af", nameof(RouteRejection.InvalidUtf8))]
    [InlineData("a=b c", nameof(RouteRejection.MalformedTarget))]
    public void MalformedComponentsAreRefused(string query, string reason)
    {
        Assert.Equal(Enum.Parse<RouteRejection>(reason), QueryStringInspector.Inspect(query, ClientAccessProtocol.Owa, out _));
    }
}
