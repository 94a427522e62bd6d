using Bourse.Testing;
using System.Globalization;
using System.Text.Json;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>
/// Debian python3-exchangelib's own Autodiscovery against the real <c>bourse</c> process, with NTLM (its own choice among
/// our challenges, as DOMAIN\user) and with Basic. The protocol log shows which method reached the server.
/// </summary>
[Collection(LiveServerCollection.Name)]
public sealed class ExchangelibAutodiscoveryTests(LiveServer live)
{
    private const string EwsUrl = $"https://mail.{LiveServer.Domain}/EWS/Exchange.asmx";

    private async Task<JsonElement> DiscoverAsync(string auth, string email, string login, string password)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Conformance", "exchangelib_autodiscover.py");
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("/usr/bin/python3",
            [script, live.Port.ToString(CultureInfo.InvariantCulture), "pox", auth, "bourse.test", email, login, password], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"driver exited {exit}: {stderr}");
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static string Get(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : $"<missing {name}: {e}>";

    [ToolFact("exchangelib")]
    public async Task NtlmAutodiscoveryReturnsOurEwsUrl()
    {
        var started = DateTimeOffset.UtcNow;
        var result = await DiscoverAsync("ntlm", $"alice@{LiveServer.Domain}", $"{LiveServer.NetBios}\\alice", LiveServer.Password);
        Assert.Equal(EwsUrl, Get(result, "ews_url"));
        Assert.Equal(EwsUrl, Get(result, "service_endpoint"));
        Assert.Equal($"alice@{LiveServer.Domain}", Get(result, "primary"));
        Assert.Equal("Alice Test", Get(result, "display_name"));
        var lines = await ProtocolLogProbe.WaitForAsync(Path.Combine(live.DataDirectory, "logs"),
            r => r.Timestamp >= started && r.Status == 200 && r.Protocol == "Autodiscover" && r.User == $"alice@{LiveServer.Domain}" && r.AuthMethod == "NTLM");
        Assert.NotEmpty(lines);
    }

    [ToolFact("exchangelib")]
    public async Task BasicAutodiscoveryReturnsOurEwsUrl()
    {
        var started = DateTimeOffset.UtcNow;
        var result = await DiscoverAsync("basic", $"alice@{LiveServer.Domain}", $"alice@{LiveServer.Domain}", LiveServer.Password);
        Assert.Equal(EwsUrl, Get(result, "ews_url"));
        Assert.Equal($"alice@{LiveServer.Domain}", Get(result, "primary"));
        var lines = await ProtocolLogProbe.WaitForAsync(Path.Combine(live.DataDirectory, "logs"),
            r => r.Timestamp >= started && r.Status == 200 && r.Protocol == "Autodiscover" && r.User == $"alice@{LiveServer.Domain}" && r.AuthMethod == "Basic");
        Assert.NotEmpty(lines);
    }

    [ToolFact("exchangelib")]
    public async Task WrongPasswordFailsAutodiscovery()
    {
        var result = await DiscoverAsync("ntlm", $"wrongpy@{LiveServer.Domain}", $"{LiveServer.NetBios}\\wrongpy", "not-the-password");
        Assert.True(result.TryGetProperty("error", out _), result.ToString());
        Assert.False(result.TryGetProperty("ews_url", out _));
    }
}
