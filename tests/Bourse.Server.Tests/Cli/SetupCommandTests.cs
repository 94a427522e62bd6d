using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Cli;

/// <summary><c>bourse dns</c> and <c>bourse test-connectivity</c> against the real running server.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class SetupCommandTests(LiveServer live)
{
    [Fact]
    public async Task DnsPrintsTheRecordsAndCertificateNames()
    {
        var result = await BourseProcess.RunAsync(["dns", "--data", live.DataDirectory], environment: LiveServer.Environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("mail.bourse.test.", StringComparison.Ordinal) && l.Contains(" A ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("autodiscover.bourse.test.", StringComparison.Ordinal) && l.Contains("CNAME mail.bourse.test.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("_autodiscover._tcp.bourse.test.", StringComparison.Ordinal) && l.Contains("SRV   0 0 443 mail.bourse.test.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bourse.test.", StringComparison.Ordinal) && l.Contains("MX    10 mail.bourse.test.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bourse.test.", StringComparison.Ordinal) && l.Contains("\"v=spf1 mx -all\"", StringComparison.Ordinal));
        Assert.Contains(";   autodiscover.bourse.test", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DnsForAnotherDomainAndAddress()
    {
        var result = await BourseProcess.RunAsync(["dns", "--domain", "Fabrikam.example", "--address", "192.0.2.10", "--data", live.DataDirectory], environment: LiveServer.Environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("mail.bourse.test.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("192.0.2.10", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("_autodiscover._tcp.fabrikam.example.", result.Stdout, StringComparison.Ordinal);
        var bad = await BourseProcess.RunAsync(["dns", "--address", "not-an-ip", "--data", live.DataDirectory]);
        bad.AssertOneLineFailure(2);
    }

    [Fact]
    public async Task TestConnectivitySucceedsStepByStep()
    {
        var result = await BourseProcess.RunAsync(
            ["test-connectivity", "alice@bourse.test", "--server", "127.0.0.1", "--port", live.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--insecure", "--password-stdin"],
            LiveServer.Password + "\n", TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, result.ToString());
        var steps = result.Stdout.Split('\n').Where(l => l.StartsWith('[')).ToList();
        foreach (var step in new[] { "TCP connect", "TLS handshake", "Authentication", "Autodiscover response", "Probe EWS", "Probe MAPI mail store", "Probe OWA", "Probe ActiveSync" })
            Assert.Contains(steps, l => l.StartsWith("[ OK ]", StringComparison.Ordinal) && l.Contains(step, StringComparison.Ordinal));
        Assert.DoesNotContain(steps, l => l.StartsWith("[FAIL]", StringComparison.Ordinal));
        Assert.Matches(@"\[ OK \]\s+\d+ ms  TLS handshake", result.Stdout);
        Assert.Contains("Connectivity test passed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectivityFailsClearlyWithAWrongPassword()
    {
        var result = await BourseProcess.RunAsync(
            ["test-connectivity", "wrongcheck@bourse.test", "--server", "127.0.0.1", "--port", live.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--insecure", "--password-stdin"],
            "not-the-password\n", TimeSpan.FromSeconds(90));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith("[FAIL]", StringComparison.Ordinal) && l.Contains("Authentication", StringComparison.Ordinal) && l.Contains("401: credentials refused", StringComparison.Ordinal));
        Assert.Contains("Connectivity test FAILED", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectivityWithoutTrustStopsAtTheCertificate()
    {
        var result = await BourseProcess.RunAsync(
            ["test-connectivity", "alice@bourse.test", "--server", "127.0.0.1", "--port", live.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            null, TimeSpan.FromSeconds(90));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith("[FAIL]", StringComparison.Ordinal) && l.Contains("TLS handshake", StringComparison.Ordinal) && l.Contains("not trusted", StringComparison.Ordinal));
    }
}
