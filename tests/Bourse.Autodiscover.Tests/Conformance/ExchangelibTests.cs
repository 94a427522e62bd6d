using Bourse.Testing;
using System.Text.Json;
using Bourse.Autodiscover.Tests.Infrastructure;

namespace Bourse.Autodiscover.Tests.Conformance;

/// exchangelib's real Autodiscovery code (Debian python3-exchangelib) against our Kestrel host with Basic credentials.
public sealed class ExchangelibTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private async Task<JsonElement> DiscoverAsync(string mode, string email, string password, string login = "alice@contoso.com")
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Conformance", "exchangelib_autodiscover.py");
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("/usr/bin/python3",
            [script, fixture.Server.HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), mode, "auto", "contoso.com,fabrikam.com", email, login, password],
            TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"driver exited {exit}: {stderr}");
        var line = stdout.Trim().Split('\n')[^1];
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static string Get(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : $"<missing {name}: {e}>";

    [ExchangelibFact]
    public async Task PoxAutodiscoveryReturnsOurEwsUrl()
    {
        var result = await DiscoverAsync("pox", "alice@contoso.com", "alice-pw");
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", Get(result, "ews_url"));
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", Get(result, "service_endpoint"));
        Assert.Equal("alice@contoso.com", Get(result, "primary"));
        Assert.Equal("Alice Liddell", Get(result, "display_name"));
        // EXPR's AuthPackage Ntlm tells exchangelib to use NTLM for EWS, as it would against Exchange.
        Assert.Equal("NTLM", Get(result, "auth_type"));
    }

    [ExchangelibFact]
    public async Task SoapAutodiscoveryReturnsOurEwsUrl()
    {
        var result = await DiscoverAsync("soap", "alice@contoso.com", "alice-pw");
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", Get(result, "ews_url"));
        Assert.Equal("alice@contoso.com", Get(result, "primary"));
        Assert.Equal("Alice Liddell", Get(result, "display_name"));
        Assert.Equal("Exchange2016", Get(result, "api_version"));
    }

    [ExchangelibFact]
    public async Task PoxAutodiscoveryFollowsAliasRedirect()
    {
        var result = await DiscoverAsync("pox", "alice@fabrikam.com", "alice-pw");
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", Get(result, "ews_url"));
        Assert.Equal("alice@contoso.com", Get(result, "primary"));
    }

    [ExchangelibFact]
    public async Task SoapAutodiscoveryFollowsAliasRedirect()
    {
        var result = await DiscoverAsync("soap", "alice.liddell@contoso.com", "alice-pw");
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", Get(result, "ews_url"));
    }

    [ExchangelibFact]
    public async Task UnknownMailboxIsReportedAsNonExistentByPox()
    {
        // exchangelib authenticates as Alice but asks for someone else: our 500 answer is its ErrorNonExistentMailbox.
        var result = await DiscoverAsync("pox", "bob@contoso.com", "alice-pw");
        Assert.Equal("ErrorNonExistentMailbox", Get(result, "error"));
    }

    [ExchangelibFact]
    public async Task UnknownMailboxIsReportedAsNonExistentBySoap()
    {
        var result = await DiscoverAsync("soap", "nobody@contoso.com", "alice-pw");
        Assert.Equal("ErrorNonExistentMailbox", Get(result, "error"));
    }

    [ExchangelibFact]
    public async Task WrongPasswordFailsAutodiscovery()
    {
        var result = await DiscoverAsync("soap", "alice@contoso.com", "wrong");
        Assert.Equal("UnauthorizedError", Get(result, "error"));
    }
}
