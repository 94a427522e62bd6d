using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Hosting;

public sealed class ServeTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    private BourseServer Server => fixture.Server;

    [Fact]
    public async Task ServedCertificateMatchesPrintedFingerprintAndCoversTheFourNames()
    {
        X509Certificate2? served = null;
        using var client = Server.CreateClient(c => served = c);
        using var response = await client.GetAsync("/healthz");

        Assert.NotNull(served);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", Server.Fingerprint);
        var fingerprint = string.Join(':', Convert.ToHexString(served.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)));
        Assert.Equal(Server.Fingerprint, fingerprint);

        var san = served.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        var names = san.EnumerateDnsNames().ToList();
        Assert.Contains($"mail.{DemoServerFixture.Domain}", names);
        Assert.Contains($"autodiscover.{DemoServerFixture.Domain}", names);
        Assert.Contains("localhost", names);
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        var eku = served.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Contains(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
        Assert.InRange((served.NotAfter - served.NotBefore).TotalDays, 700, 800);
        Assert.True(File.Exists(Path.Combine(fixture.DataDirectory, "certs", "selfsigned.pfx")));
    }

    [Fact]
    public async Task HealthzAnswersOk()
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LandingPageIsHtmlAndPointsToOwa()
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/owa", html, StringComparison.Ordinal);
        Assert.Contains($"mail.{DemoServerFixture.Domain}", html, StringComparison.Ordinal);
        Assert.Contains(Server.Fingerprint, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/owa/not-yet")]
    [InlineData("/EWS/not-a-service")]
    public async Task UnknownPathIs404(string path)
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PlainHttpIsNotServed()
    {
        // A plain HTTP request to the HTTPS port gets no HTTP answer …
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var answered = false;
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Server.Port.ToString(CultureInfo.InvariantCulture)}/healthz"));
                answered = response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
            }
            Assert.False(answered);
        }

        // … and the process listens on no other TCP port.
        if (OperatingSystem.IsLinux())
            Assert.Equal([Server.Port], ListeningPorts(Server.ProcessId));
    }

    [Fact]
    public async Task DemoLoginsArePrintedAndDemoMailIsInTheStore()
    {
        Assert.Contains($"alice@{DemoServerFixture.Domain} / ", Server.Output, StringComparison.Ordinal);
        Assert.Contains($"bob@{DemoServerFixture.Domain} / ", Server.Output, StringComparison.Ordinal);
        Assert.Contains($"carol@{DemoServerFixture.Domain} / ", Server.Output, StringComparison.Ordinal);

        // An admin command runs against the data directory while the server holds it.
        var list = await BourseProcess.RunAsync("mailbox", "list", "--data", fixture.DataDirectory);
        Assert.True(list.ExitCode == 0, list.ToString());
        var alice = list.Stdout.Split('\n').Single(l => l.Contains($"alice@{DemoServerFixture.Domain}", StringComparison.Ordinal));
        var items = alice.Split('│', StringSplitOptions.TrimEntries)[5];
        Assert.True(int.Parse(items, CultureInfo.InvariantCulture) >= 5, alice);
        Assert.Contains($"boardroom@{DemoServerFixture.Domain}", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("room", list.Stdout, StringComparison.Ordinal);

        var groups = await BourseProcess.RunAsync("group", "list", "--data", fixture.DataDirectory);
        Assert.Contains($"team@{DemoServerFixture.Domain}", groups.Stdout, StringComparison.Ordinal);

        using var export = new TempDirectory();
        var exported = await BourseProcess.RunAsync("export", $"alice@{DemoServerFixture.Domain}", export.Path, "--data", fixture.DataDirectory);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        var texts = System.IO.Directory.EnumerateFiles(export.Path, "*.eml", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.Contains(texts, t => t.Contains("text/html", StringComparison.Ordinal) && t.Contains("Weekly Ledger", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("budget-q3.csv", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("text/calendar", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("In-Reply-To:", StringComparison.Ordinal));
        Assert.True(System.IO.Directory.Exists(Path.Combine(export.Path, "Sent Items")), "Alice's sent mail is in Sent Items");
    }

    [Fact]
    public async Task MailboxCreatedByTheCliWhileServingIsUsableAndServerStaysHealthy()
    {
        var address = $"dave{Guid.NewGuid():N}"[..12] + $"@{DemoServerFixture.Domain}";
        var created = await BourseProcess.RunAsync(["mailbox", "new", address, "--password-stdin", "--data", fixture.DataDirectory], "correct horse battery\n");
        Assert.True(created.ExitCode == 0, created.ToString());

        using var mbox = new TempDirectory();
        var file = mbox.Combine("in.mbox");
        await File.WriteAllTextAsync(file, "From a@b.test Mon Jan  1 00:00:00 2024\nFrom: a@b.test\nSubject: while serving\n\nhello\n\n");
        var imported = await BourseProcess.RunAsync("import", address, file, "--data", fixture.DataDirectory);
        Assert.True(imported.ExitCode == 0, imported.ToString());

        var list = await BourseProcess.RunAsync("mailbox", "list", "--data", fixture.DataDirectory);
        Assert.Contains(address, list.Stdout, StringComparison.Ordinal);

        using var client = Server.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>TCP ports in LISTEN state whose socket belongs to the process (Linux /proc).</summary>
    private static List<int> ListeningPorts(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in System.IO.Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                inodes.Add(target[8..^1]);
        }
        var ports = new SortedSet<int>();
        foreach (var table in new[] { $"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (cols.Length > 9 && cols[3] == "0A" && inodes.Contains(cols[9]))
                    ports.Add(int.Parse(cols[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
        return [.. ports];
    }
}
