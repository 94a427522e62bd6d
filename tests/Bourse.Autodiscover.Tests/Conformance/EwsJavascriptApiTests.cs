using Bourse.Testing;
using System.Text.Json;
using Bourse.Autodiscover.Tests.Infrastructure;

namespace Bourse.Autodiscover.Tests.Conformance;

/// ews-javascript-api's AutodiscoverService.GetUserSettings (SOAP) against our Kestrel host with Basic credentials.
public sealed class EwsJavascriptApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private async Task<JsonElement> GetUserSettingsAsync(string email, string password = "alice-pw", string mode = "single")
    {
        var url = $"https://127.0.0.1:{fixture.Server.HttpsPort}/autodiscover/autodiscover.svc";
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("node", ["autodiscover.js", url, email, "alice@contoso.com", password, mode],
            TimeSpan.FromSeconds(120), ExternalTool.EwsJsDirectory,
            // Only this child process skips certificate checks: the test host's certificate is self-signed.
            new Dictionary<string, string> { ["NODE_TLS_REJECT_UNAUTHORIZED"] = "0" });
        Assert.True(exit == 0, $"node exited {exit}: {stderr}");
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static string? Get(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : $"<{name} missing or null: {e}>";

    [EwsJavascriptApiFact]
    public async Task GetUserSettingsReturnsEwsUrlAndDisplayName()
    {
        var result = await GetUserSettingsAsync("alice@contoso.com");
        Assert.Equal("NoError", Get(result, "errorCode"));
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", Get(result, "ewsUrl"));
        Assert.Equal("Alice Liddell", Get(result, "displayName"));
        Assert.Equal("15.01.2507.039", Get(result, "casVersion"));
    }

    [EwsJavascriptApiFact]
    public async Task GetUsersSettingsReportsAliasRedirect()
    {
        var result = await GetUserSettingsAsync("alice@fabrikam.com", mode: "batch");
        Assert.Equal("RedirectAddress", Get(result, "errorCode"));
        Assert.Equal("alice@contoso.com", Get(result, "redirectTarget"));
    }

    [EwsJavascriptApiFact]
    public async Task AnotherUsersMailboxIsInvalidUser()
    {
        var result = await GetUserSettingsAsync("bob@contoso.com");
        Assert.Equal("InvalidUser", Get(result, "errorCode"));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("displayName").ValueKind);
    }
}
