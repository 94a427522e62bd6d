using Bourse.Testing;
using System.Text.Json;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>ews-javascript-api's AutodiscoverService.GetUserSettings (SOAP) against the real <c>bourse</c> process.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class EwsJavascriptApiTests(LiveServer live)
{
    private async Task<JsonElement> GetUserSettingsAsync(string email, string password)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("node",
            ["autodiscover.js", live.Url("/autodiscover/autodiscover.svc"), email, $"alice@{LiveServer.Domain}", password, "single"],
            TimeSpan.FromSeconds(120), ExternalTool.EwsJsDirectory,
            // Only this child process skips certificate checks: the server's certificate is self-signed.
            new Dictionary<string, string> { ["NODE_TLS_REJECT_UNAUTHORIZED"] = "0" });
        Assert.True(exit == 0, $"node exited {exit}: {stderr}");
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    [ToolFact("ews-javascript-api")]
    public async Task GetUserSettingsReturnsEwsUrlAndDisplayName()
    {
        var result = await GetUserSettingsAsync($"alice@{LiveServer.Domain}", LiveServer.Password);
        Assert.Equal("NoError", result.GetProperty("errorCode").GetString());
        Assert.Equal($"https://mail.{LiveServer.Domain}/EWS/Exchange.asmx", result.GetProperty("ewsUrl").GetString());
        Assert.Equal("Alice Test", result.GetProperty("displayName").GetString());
    }

    [ToolFact("ews-javascript-api")]
    public async Task AnotherUsersMailboxIsInvalidUser()
    {
        var result = await GetUserSettingsAsync($"lockme@{LiveServer.Domain}", LiveServer.Password);
        Assert.Equal("InvalidUser", result.GetProperty("errorCode").GetString());
    }
}
