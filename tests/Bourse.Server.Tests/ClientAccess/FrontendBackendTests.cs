using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Bourse.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bourse.Server.Tests.ClientAccess;

/// <summary><c>bourse serve --role frontend</c> in front of <c>--role backend</c>, two real processes on 127.0.0.1.</summary>
public sealed class FrontendBackendTests(FrontendBackendPair pair, ITestOutputHelper output) : IClassFixture<FrontendBackendPair>
{
    private static HttpRequestMessage Ews(string login) =>
        new(HttpMethod.Post, "/EWS/Exchange.asmx?probe=" + Guid.NewGuid().ToString("N"))
        {
            Content = new StringContent("<soap/>", Encoding.UTF8, "text/xml"),
            Headers = { Authorization = LiveServer.Basic(login, FrontendBackendPair.Password) },
        };

    [Fact]
    public async Task AMailboxOnTheBackendIsProxiedThereAndAnswered()
    {
        using var client = pair.Frontend.CreateClient();
        using var request = Ews("bob@bourse.test");
        var probe = request.RequestUri!.OriginalString.Split("probe=")[1];
        using var response = await client.SendAsync(request);
        // The backend's own EWS answer, relayed: the honest SOAP fault, not a proxy error.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("ErrorInvalidRequest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var front = await ProtocolLogProbe.WaitForAsync(pair.FrontendLogs, r => r.Query?.Contains(probe, StringComparison.Ordinal) == true);
        var back = await ProtocolLogProbe.WaitForAsync(pair.BackendLogs, r => r.Query?.Contains(probe, StringComparison.Ordinal) == true);
        var f = Assert.Single(front);
        Assert.Equal("bob@bourse.test", f.User);
        Assert.Equal($"127.0.0.1:{pair.Backend.Port.ToString(CultureInfo.InvariantCulture)}", f.Backend);
        var b = Assert.Single(back);
        Assert.Equal("bob@bourse.test", b.User);
        Assert.Equal("local", b.Backend);
        Assert.Equal(500, b.Status);
    }

    [Fact]
    public async Task AMailboxOnTheFrontendsOwnDatabaseIsServedLocally()
    {
        using var client = pair.Frontend.CreateClient();
        using var request = Ews("alice@bourse.test");
        var probe = request.RequestUri!.OriginalString.Split("probe=")[1];
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var front = await ProtocolLogProbe.WaitForAsync(pair.FrontendLogs, r => r.Query?.Contains(probe, StringComparison.Ordinal) == true);
        Assert.Equal("local", Assert.Single(front).Backend);
        Assert.Empty(await ProtocolLogProbe.WaitForAsync(pair.BackendLogs, r => r.Query?.Contains(probe, StringComparison.Ordinal) == true, timeout: TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task TheBackendRefusesAForgedIdentityAndAMailboxItDoesNotHold()
    {
        using var client = pair.Backend.CreateClient();
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/EWS/Exchange.asmx") { Content = new StringContent("<soap/>") };
        forged.Headers.TryAddWithoutValidation("X-Bourse-Identity", "v1.forged.identity");
        using (var response = await client.SendAsync(forged))
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        // Alice's database is not the backend's: signed in directly, she is told to go elsewhere (421), not served.
        using var direct = Ews("alice@bourse.test");
        using var misdirected = await client.SendAsync(direct);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, misdirected.StatusCode);
    }

    [Fact]
    public async Task TheProxyLogonAndProxyShellCorpusReachesNoOtherMailboxAndNoUnconfiguredBackend()
    {
        var dll = CorpusTestAssembly();
        var started = DateTimeOffset.UtcNow;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var arg in new[] { "test", dll, "--filter", "FullyQualifiedName~ExternalFrontendCorpusTests", "--logger", "console;verbosity=detailed" })
            info.ArgumentList.Add(arg);
        info.Environment["BOURSE_ROUTING_FRONTEND"] = $"https://127.0.0.1:{pair.Frontend.Port.ToString(CultureInfo.InvariantCulture)}";
        info.Environment["BOURSE_ROUTING_ALICE"] = "alice@bourse.test:" + FrontendBackendPair.Password;
        info.Environment["BOURSE_ROUTING_BOB"] = "bob@bourse.test:" + FrontendBackendPair.Password;
        info.Environment["BOURSE_ROUTING_BOB_MAILBOX"] = pair.BobMailbox.ToString();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;
        output.WriteLine(text);
        Assert.True(process.ExitCode == 0, text);
        // It really ran against our processes (not the "variables not set" no-op), case by case.
        Assert.DoesNotContain("not set", text, StringComparison.Ordinal);
        Assert.Contains("proxylogon-backendcookie-anonymous: ", text, StringComparison.Ordinal);
        Assert.Contains("proxyshell-autodiscover-ews-exchange: ", text, StringComparison.Ordinal);
        Assert.Matches(@"Passed:\s+1\b", text);
        Assert.DoesNotMatch(@"Failed:\s+[1-9]", text);
        // And nothing it sent was proxied for a user other than the one signed in.
        var back = await ProtocolLogProbe.WaitForAsync(pair.BackendLogs, r => r.Timestamp >= started, atLeast: 0, timeout: TimeSpan.Zero);
        Assert.All(back.Where(r => r.User is not null), r => Assert.Equal("bob@bourse.test", r.User));
    }

    private static string CorpusTestAssembly()
    {
        // …/tests/Bourse.Server.Tests/bin/<Configuration>/<tfm>/ → …/tests/Bourse.ClientAccess.Tests/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        var tests = configuration.Parent!.Parent!.Parent!;
        var dll = Path.Combine(tests.FullName, "Bourse.ClientAccess.Tests", "bin", configuration.Name, tfm.Name, "Bourse.ClientAccess.Tests.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Bourse.ClientAccess.Tests is not built", dll);
    }
}
