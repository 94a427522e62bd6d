using System.Globalization;
using System.Net;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>
/// <c>bourse test-connectivity</c> discovering the server the way Outlook falls back to when neither
/// <c>https://DOMAIN</c> nor <c>https://autodiscover.DOMAIN</c> exists: the DNS SRV record <c>_autodiscover._tcp.DOMAIN</c>
/// (MS-OXDSCLI 3.1.5.1), served by a DNS server of the test's own on 127.0.0.1 (<c>--dns-server</c>).
/// </summary>
[Collection(LiveServerCollection.Name)]
public sealed class TestConnectivitySrvTests(LiveServer live)
{
    private static LoopbackDnsServer Dns(string srvTarget) => new(
        new Dictionary<string, IPAddress> { ["mail.bourse.test"] = IPAddress.Loopback },
        new Dictionary<string, (ushort, ushort, ushort, string)> { ["_autodiscover._tcp.bourse.test"] = (0, 0, 443, srvTarget) });

    private Task<CliResult> RunAsync(LoopbackDnsServer dns, params string[] extra) =>
        BourseProcess.RunAsync(
            ["test-connectivity", "alice@bourse.test", "--dns-server", dns.EndPoint.ToString(),
             "--port", live.Port.ToString(CultureInfo.InvariantCulture), "--insecure", .. extra],
            LiveServer.Password + "\n", TimeSpan.FromSeconds(90), LiveServer.Environment);

    [Fact]
    public async Task SrvRecordLeadsToTheServerWhenTheUsualNamesDoNotResolve()
    {
        await using var dns = Dns("mail.bourse.test");
        var result = await RunAsync(dns, "--password-stdin");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');

        // Outlook's order: both https names fail to resolve, the HTTP redirect name too, then the SRV record.
        int Index(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        var srv = Index("DNS SRV lookup");
        Assert.True(srv > 0, result.ToString());
        Assert.Contains("_autodiscover._tcp.bourse.test", lines[srv], StringComparison.Ordinal);
        Assert.Contains("0 0 443 mail.bourse.test", lines[srv], StringComparison.Ordinal);
        Assert.True(Index("DNS lookup  bourse.test  does not resolve") is >= 0 and var domain && domain < srv, result.ToString());
        Assert.True(Index("DNS lookup  autodiscover.bourse.test  does not resolve") is >= 0 and var autodiscover && autodiscover < srv, result.ToString());
        // The SRV target's Autodiscover answered with alice's settings, and every advertised URL was probed there.
        var response = Index("Autodiscover response");
        Assert.True(response > srv, result.ToString());
        Assert.Contains("https://mail.bourse.test/autodiscover/autodiscover.xml", lines[response], StringComparison.Ordinal);
        Assert.Contains("settings for alice@bourse.test", lines[response], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("Probe EWS", StringComparison.Ordinal) && l.Contains("https://mail.bourse.test/EWS/Exchange.asmx", StringComparison.Ordinal));
        Assert.Contains("Connectivity test passed", result.Stdout, StringComparison.Ordinal);

        // Every name went to our DNS server, the SRV question included.
        Assert.Contains("_autodiscover._tcp.bourse.test SRV", dns.Questions);
        Assert.Contains("autodiscover.bourse.test A", dns.Questions);
        Assert.Contains("mail.bourse.test A", dns.Questions);
    }

    [Fact]
    public async Task SrvRecordPointingNowhereFailsWithTheReason()
    {
        await using var dns = Dns("nowhere.bourse.test");
        var result = await RunAsync(dns, "--password-stdin");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("0 0 443 nowhere.bourse.test", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("DNS lookup  nowhere.bourse.test  does not resolve", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Connectivity test FAILED", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadDnsServerIsAUsageError()
    {
        var result = await BourseProcess.RunAsync("test-connectivity", "alice@bourse.test", "--dns-server", "dns.example");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dns-server", result.Stderr, StringComparison.Ordinal);
    }
}
