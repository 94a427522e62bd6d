using Bourse.ClientAccess.Auth;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Tests.Auth;

public sealed class ProtocolAuthPoliciesTests
{
    [Theory]
    [InlineData("/Microsoft-Server-ActiveSync", ClientAccessProtocol.ActiveSync)]
    [InlineData("/microsoft-server-activesync/default.eas", ClientAccessProtocol.ActiveSync)]
    [InlineData("/EWS/Exchange.asmx", ClientAccessProtocol.Ews)]
    [InlineData("/ews/exchange.asmx", ClientAccessProtocol.Ews)]
    [InlineData("/EWSX", ClientAccessProtocol.Unknown)]
    [InlineData("/mapi/emsmdb", ClientAccessProtocol.Mapi)]
    [InlineData("/Autodiscover/Autodiscover.xml", ClientAccessProtocol.Autodiscover)]
    [InlineData("/owa/", ClientAccessProtocol.Owa)]
    [InlineData("/", ClientAccessProtocol.Unknown)]
    public void MapsPathPrefixesCaseInsensitivelyOnSegmentBoundaries(string path, ClientAccessProtocol expected) =>
        Assert.Equal(expected, ProtocolAuthPolicies.ForPath(new PathString(path)).Protocol);

    [Fact]
    public void ActiveSyncIsBasicWith503AndAutodiscoverAddsSoapHint()
    {
        var eas = ProtocolAuthPolicies.ForPath("/Microsoft-Server-ActiveSync");
        Assert.Equal(AuthSchemes.Basic | AuthSchemes.Bearer, eas.Schemes);
        Assert.Equal(503, eas.ThrottledStatusCode);
        var autodiscover = ProtocolAuthPolicies.ForPath("/autodiscover/autodiscover.svc");
        Assert.Equal(AuthSchemes.Negotiate | AuthSchemes.Ntlm | AuthSchemes.Basic | AuthSchemes.Bearer, autodiscover.Schemes);
        Assert.Contains(new KeyValuePair<string, string>("X-SOAP-Enabled", "True"), autodiscover.ChallengeHeaders);
        Assert.Equal(429, ProtocolAuthPolicies.ForPath("/EWS/Exchange.asmx").ThrottledStatusCode);
    }
}
