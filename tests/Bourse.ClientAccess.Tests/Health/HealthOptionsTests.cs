using System.Net;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Health;
using Bourse.ClientAccess.Tests.Forms;
using Bourse.ClientAccess.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bourse.ClientAccess.Tests.Health;

public sealed class HealthOptionsTests
{
    [Fact]
    public async Task ASwitchedOffProtocolAndADrainingServerAnswer503()
    {
        await using var server = await FrontDoorTestServer.StartAsync(new() { ["Bourse:Health:Protocols:Mapi"] = "false" });
        using var http = TestHttp.CreateClient();
        using var mapi = await http.GetAsync(server.Https("/mapi/healthcheck.htm"));
        using var ews = await http.GetAsync(server.Https("/ews/healthcheck.htm"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, mapi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ews.StatusCode);

        await using var draining = await FrontDoorTestServer.StartAsync(new() { ["Bourse:Health:Draining"] = "true" });
        foreach (var (path, _) in BourseHealthEndpoints.Checks)
        {
            using var response = await http.GetAsync(draining.Https(path));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
    }

    [Fact]
    public async Task ResultsAreSharedForTheCacheDuration()
    {
        var time = new ManualTimeProvider();
        var probe = new TestProbe("store");
        var monitor = new BourseHealthMonitor([probe],
            new StaticOptionsMonitor<BourseHealthOptions>(new BourseHealthOptions { CacheDuration = TimeSpan.FromSeconds(2) }), time,
            NullLogger<BourseHealthMonitor>.Instance);
        Assert.True(await monitor.IsHealthyAsync(ClientAccessProtocol.Ews, CancellationToken.None));
        Assert.True(await monitor.IsHealthyAsync(ClientAccessProtocol.Ews, CancellationToken.None));
        Assert.Equal(1, probe.Calls);
        probe.Mode = "fail";
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(await monitor.IsHealthyAsync(ClientAccessProtocol.Ews, CancellationToken.None));
        Assert.Equal(2, probe.Calls);
    }

    [Fact]
    public void DefaultProbesCoverTheDirectoryAndTheStoreButTheStoreDoesNotGateAutodiscover()
    {
        var services = new ServiceCollection();
        services.AddBourseHealthChecks(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        var probes = provider.GetServices<IHealthProbe>().ToList();
        Assert.Equal(["directory", "store"], probes.Select(p => p.Name).Order());
        var store = probes.Single(p => p.Name == "store");
        Assert.False(store.AppliesTo(ClientAccessProtocol.Autodiscover));
        Assert.True(store.AppliesTo(ClientAccessProtocol.Ews));
    }

    [Fact]
    public async Task TheDirectoryProbeFailsWithoutADirectoryAndTheStoreProbePassesWithoutALocalStore()
    {
        var services = new ServiceCollection();
        services.AddBourseHealthChecks(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        var probes = provider.GetServices<IHealthProbe>().ToDictionary(p => p.Name);
        Assert.False((await probes["directory"].CheckAsync(CancellationToken.None)).Healthy);
        Assert.True((await probes["store"].CheckAsync(CancellationToken.None)).Healthy);
    }
}
