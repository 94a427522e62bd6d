using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Hosting;

public sealed class ServeLifecycleTests
{
    [Fact]
    public async Task PortAlreadyTakenExitsNonZeroWithOneLine()
    {
        using var data = new TempDirectory();
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;

        var result = await BourseProcess.RunAsync(["serve", "--data", data.Path, "--https", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
            timeout: TimeSpan.FromSeconds(60));

        result.AssertOneLineFailure(3);
        Assert.Contains("already in use", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidEndpointIsAUsageError()
    {
        using var data = new TempDirectory();
        var result = await BourseProcess.RunAsync("serve", "--data", data.Path, "--https", "not-an-endpoint");
        result.AssertOneLineFailure(2);
    }

    [Fact]
    public async Task DemoIsCreatedOnceAndCertificateIsReusedAcrossStarts()
    {
        using var data = new TempDirectory();
        string firstOutput, firstFingerprint;
        await using (var first = await BourseServer.StartAsync(data.Path, "--domain", "once.test", "--demo"))
        {
            firstOutput = await BannerAsync(first);
            firstFingerprint = first.Fingerprint;
            Assert.Contains("Created a self-signed certificate", firstOutput, StringComparison.Ordinal);
            // SIGTERM: graceful shutdown, exit code 0.
            Assert.Equal(0, await first.StopAsync());
            Assert.Contains("Bourse stopped.", first.Output, StringComparison.Ordinal);
        }
        var before = await BourseProcess.RunAsync("mailbox", "list", "--data", data.Path);

        await using (var second = await BourseServer.StartAsync(data.Path, "--domain", "once.test", "--demo"))
        {
            Assert.Equal(firstFingerprint, second.Fingerprint);
            var secondOutput = await BannerAsync(second);
            Assert.DoesNotContain("Created a self-signed certificate", secondOutput, StringComparison.Ordinal);
            // The same logins are printed again.
            var login = firstOutput.Split('\n').First(l => l.Contains("alice@once.test / ", StringComparison.Ordinal)).Trim();
            Assert.Contains(login, secondOutput, StringComparison.Ordinal);
        }

        var after = await BourseProcess.RunAsync("mailbox", "list", "--data", data.Path);
        Assert.Equal(before.Stdout, after.Stdout);
        Assert.Single(after.Stdout.Split('\n'), l => l.Contains("alice@once.test", StringComparison.Ordinal));
    }

    // The start-up banner: the demo logins come after the fingerprint line that marks the server ready.
    private static async Task<string> BannerAsync(BourseServer server)
    {
        for (var i = 0; i < 200 && !server.Output.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal); i++)
            await Task.Delay(50);
        return server.Output;
    }
}
