using System.Security.Cryptography.X509Certificates;
using Bourse.Autodiscover.Connectivity;
using Bourse.Autodiscover.Tests.Infrastructure;

namespace Bourse.Autodiscover.Tests.Connectivity;

public sealed class ConnectivityTestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] ContosoNames = ["contoso.com", "autodiscover.contoso.com", "mail.contoso.com"];

    private ConnectivityTestOptions Options(string email, string? password = "alice-pw", LoopbackResolver? resolver = null, bool trust = true,
        string? server = null, bool insecure = false) => new()
    {
        Email = email,
        Login = "alice@contoso.com",
        Password = password,
        Server = server,
        Insecure = insecure,
        TrustedRoots = trust ? new X509Certificate2Collection(fixture.Server.Certificate) : null,
        Resolver = resolver ?? new LoopbackResolver(ContosoNames),
        HttpsPort = fixture.Server.HttpsPort,
        HttpPort = fixture.Server.HttpPort!.Value,
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task FullRunDiscoversAndProbesEveryAdvertisedUrl()
    {
        var seen = new List<ConnectivityStep>();
        var report = await new ConnectivityTest(Options("alice@contoso.com"), new SyncProgress(seen)).RunAsync();

        Assert.True(report.Success, report.Format());
        Assert.Equal("https://contoso.com/autodiscover/autodiscover.xml", report.AutodiscoverUrl);
        Assert.Equal(["DNS lookup", "TCP connect", "TLS handshake", "Authentication", "Autodiscover response"], report.Steps.Take(5).Select(s => s.Name));
        Assert.Contains("certificate valid for this host name", report.Steps[2].Detail, StringComparison.Ordinal);
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", report.AdvertisedUrls["EWS"]);
        Assert.StartsWith("https://mail.contoso.com/mapi/emsmdb/?MailboxId=", report.AdvertisedUrls["MAPI mail store"], StringComparison.Ordinal);
        Assert.Equal("https://mail.contoso.com/Microsoft-Server-ActiveSync", report.AdvertisedUrls["ActiveSync"]);
        Assert.Equal(
            ["Probe EWS", "Probe OAB", "Probe MAPI mail store", "Probe MAPI address book", "Probe OWA", "Probe ActiveSync"],
            report.Steps.Where(s => s.Name.StartsWith("Probe", StringComparison.Ordinal)).Select(s => s.Name));
        Assert.Equal(report.Steps, seen);
        Assert.EndsWith("Connectivity test passed." + Environment.NewLine, report.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedCertificateFailsTheTlsStepWithTheReason()
    {
        var report = await new ConnectivityTest(Options("alice@contoso.com", trust: false)).RunAsync();
        Assert.False(report.Success);
        Assert.Null(report.AutodiscoverUrl);
        var tls = report.Steps.First(s => s.Name == "TLS handshake");
        Assert.False(tls.Success);
        Assert.Contains("not trusted", tls.Detail, StringComparison.Ordinal);
        // Outlook's order was walked to the end: both https candidates, the HTTP redirect method, then SRV.
        Assert.Equal(["contoso.com", "autodiscover.contoso.com", "autodiscover.contoso.com", "autodiscover.contoso.com"],
            report.Steps.Where(s => s.Name == "DNS lookup").Select(s => s.Target));
        Assert.Contains(report.Steps, s => s is { Name: "HTTP redirect method", Success: true });
        Assert.Contains(report.Steps, s => s is { Name: "DNS SRV lookup", Success: false, Detail: "no SRV record" });
    }

    [Fact]
    public async Task CertificateNameMismatchIsReported()
    {
        var resolver = new LoopbackResolver(["wrong.example"]);
        var report = await new ConnectivityTest(Options("alice@contoso.com", resolver: resolver, server: "wrong.example")).RunAsync();
        var tls = report.Steps.Single(s => s.Name == "TLS handshake");
        Assert.False(tls.Success);
        Assert.Equal("the certificate does not cover this host name", tls.Detail);
    }

    [Fact]
    public async Task InsecureAcceptsTheCertificateButSaysWhatWasWrong()
    {
        var resolver = new LoopbackResolver(["wrong.example", "mail.contoso.com"]);
        var report = await new ConnectivityTest(Options("alice@contoso.com", resolver: resolver, server: "wrong.example", trust: false, insecure: true)).RunAsync();
        var tls = report.Steps.Single(s => s.Name == "TLS handshake");
        Assert.True(tls.Success);
        Assert.Contains("does not cover this host name", tls.Detail, StringComparison.Ordinal);
        Assert.Contains("(ignored: --insecure)", tls.Detail, StringComparison.Ordinal);
        Assert.Equal("https://wrong.example/autodiscover/autodiscover.xml", report.AutodiscoverUrl);
    }

    [Fact]
    public async Task WrongPasswordFailsTheAuthenticationStep()
    {
        var report = await new ConnectivityTest(Options("alice@contoso.com", password: "wrong")).RunAsync();
        Assert.False(report.Success);
        var auth = report.Steps.First(s => s.Name == "Authentication");
        Assert.False(auth.Success);
        Assert.Equal("401: credentials refused (offered: Basic)", auth.Detail);
    }

    [Fact]
    public async Task AliasInAnotherDomainIsFoundThroughSrvAndRedirectAddr()
    {
        // The certificate does not cover fabrikam.com, so both https candidates and the redirect target fail the name check;
        // the SRV record leads to mail.contoso.com, whose answer redirects to the primary address in contoso.com.
        var resolver = new LoopbackResolver(
            [.. ContosoNames, "fabrikam.com", "autodiscover.fabrikam.com"],
            new Dictionary<string, ConnectivitySrvRecord> { ["_autodiscover._tcp.fabrikam.com"] = new(0, 0, 443, "mail.contoso.com") });
        var report = await new ConnectivityTest(Options("alice@fabrikam.com", resolver: resolver)).RunAsync();

        Assert.True(report.Success, report.Format());
        var fabrikamTls = report.Steps.First(s => s.Name == "TLS handshake" && s.Target.StartsWith("fabrikam.com:", StringComparison.Ordinal));
        Assert.Equal((false, "the certificate does not cover this host name"), (fabrikamTls.Success, fabrikamTls.Detail));
        Assert.Contains(report.Steps, s => s is { Name: "HTTP redirect method", Success: true });
        Assert.Contains(report.Steps, s => s is { Name: "DNS SRV lookup", Success: true, Detail: "0 0 443 mail.contoso.com" });
        Assert.Contains(report.Steps, s => s is { Name: "Autodiscover response", Detail: "redirectAddr → alice@contoso.com" });
        Assert.Equal("https://contoso.com/autodiscover/autodiscover.xml", report.AutodiscoverUrl);
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", report.AdvertisedUrls["EWS"]);
    }

    [Fact]
    public async Task UnknownDomainFailsAtDns()
    {
        var resolver = new LoopbackResolver(ContosoNames);
        var report = await new ConnectivityTest(Options("someone@nowhere.test", resolver: resolver)).RunAsync();
        Assert.False(report.Success);
        Assert.All(report.Steps.Where(s => s.Name == "DNS lookup"), s => Assert.Equal("does not resolve", s.Detail));
        Assert.Equal("no Autodiscover endpoint answered with settings", report.Steps[^1].Detail);
        Assert.DoesNotContain(report.Steps, s => s.Name == "TCP connect");
    }

    [Fact]
    public async Task NotAnEmailAddressIsReported()
    {
        var report = await new ConnectivityTest(Options("not-an-address")).RunAsync();
        Assert.Equal("not an email address", Assert.Single(report.Steps).Detail);
    }

    private sealed class SyncProgress(List<ConnectivityStep> seen) : IProgress<ConnectivityStep>
    {
        public void Report(ConnectivityStep value) => seen.Add(value);
    }
}
