using Bourse.Testing;
using Bourse.ClientAccess.Auth;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>
/// <c>curl --ntlm</c> against every protocol path of the real process: the handshake completes wherever the protocol table
/// offers NTLM (and the protocol then answers in its own way), and where it does not (ActiveSync: Basic, as Exchange) the
/// 401 offers only what the table says.
/// </summary>
[Collection(LiveServerCollection.Name)]
public sealed class CurlNtlmTests(LiveServer live)
{
    private const string PoxRequest =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">" +
        "<Request><EMailAddress>alice@bourse.test</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>";

    private async Task<(int Status, string Output)> CurlAsync(string path, string login, string password)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("curl",
            ["--ntlm", "-k", "-s", "-i", "-u", $"{login}:{password}", "-X", "POST", "-H", "Content-Type: text/xml", "--data-binary", PoxRequest,
             "-w", "\n%{http_code}", live.Url(path)], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"curl exited {exit}: {stderr}");
        var lines = stdout.TrimEnd().Split('\n');
        return (int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture), stdout);
    }

    [Theory]
    [InlineData("/EWS/Exchange.asmx")]
    [InlineData("/autodiscover/autodiscover.xml")]
    [InlineData("/mapi/emsmdb")]
    [InlineData("/mapi/nspi")]
    [InlineData("/Microsoft-Server-ActiveSync")]
    public async Task NtlmHandshakeCompletesWhereTheProtocolTableOffersIt(string path)
    {
        Assert.True(ExternalTool.HasCurl, "curl is not installed");
        var (status, output) = await CurlAsync(path, $"{LiveServer.NetBios}\\alice", LiveServer.Password);
        var policy = ProtocolAuthPolicies.ForPath(path);
        if ((policy.Schemes & AuthSchemes.Ntlm) == 0)
        {
            Assert.Equal(401, status);
            Assert.DoesNotContain("WWW-Authenticate: NTLM", output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("WWW-Authenticate: Basic", output, StringComparison.OrdinalIgnoreCase);
            return;
        }
        // The CHALLENGE came back on a 401 and the AUTHENTICATE was accepted.
        Assert.Contains("WWW-Authenticate: NTLM TlRMTVNTUAAC", output, StringComparison.OrdinalIgnoreCase);
        switch (policy.Protocol)
        {
            case ClientAccessProtocol.Ews:
                Assert.Equal(500, status);
                Assert.Contains("<faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorInvalidRequest</faultcode>", output, StringComparison.Ordinal);
                Assert.Contains("not available on this server yet", output, StringComparison.Ordinal);
                break;
            case ClientAccessProtocol.Autodiscover:
                Assert.Equal(200, status);
                Assert.Contains("<EwsUrl>https://mail.bourse.test/EWS/Exchange.asmx</EwsUrl>", output, StringComparison.Ordinal);
                break;
            case ClientAccessProtocol.Mapi:
                Assert.Equal(200, status);
                Assert.Contains("X-ResponseCode: 16", output, StringComparison.OrdinalIgnoreCase);
                break;
            default:
                Assert.Fail($"unexpected protocol {policy.Protocol}");
                break;
        }
    }

    [Theory]
    [InlineData("/EWS/Exchange.asmx")]
    [InlineData("/autodiscover/autodiscover.xml")]
    [InlineData("/mapi/emsmdb")]
    public async Task WrongPasswordIsRefused(string path)
    {
        Assert.True(ExternalTool.HasCurl, "curl is not installed");
        var (status, output) = await CurlAsync(path, $"{LiveServer.NetBios}\\wrongcurl", "not-the-password");
        Assert.Equal(401, status);
        Assert.DoesNotContain("X-ResponseCode", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("EwsUrl", output, StringComparison.Ordinal);
    }
}
