using System.Diagnostics;
using System.Net;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Health;
using Bourse.ClientAccess.Tests.Forms;
using Bourse.ClientAccess.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.ClientAccess.Tests.Health;

public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly TestProbe _store = new("store");
    private readonly TestProbe _ewsOnly = new("ews-dependency", ClientAccessProtocol.Ews);
    private FrontDoorTestServer _server = null!;
    private readonly HttpClient _http = TestHttp.CreateClient();

    public static TheoryData<string> Paths => new()
    {
        "/owa/healthcheck.htm",
        "/ews/healthcheck.htm",
        "/EWS/HealthCheck.htm",
        "/Microsoft-Server-ActiveSync/healthcheck.htm",
        "/microsoft-server-activesync/HEALTHCHECK.HTM",
        "/autodiscover/healthcheck.htm",
        "/Autodiscover/healthcheck.htm",
        "/mapi/healthcheck.htm",
        "/OWA/healthcheck.htm",
    };

    public async Task InitializeAsync()
    {
        _server = await FrontDoorTestServer.StartAsync(
            new()
            {
                ["Bourse:Health:ProbeTimeout"] = "00:00:00.300",
                ["Bourse:Health:ServerName"] = "NODE1<b>.bourse.test",
            },
            services =>
            {
                services.AddSingleton<IHealthProbe>(_store);
                services.AddSingleton<IHealthProbe>(_ewsOnly);
                // Even with "everything requires a user", the probes stay anonymous.
                services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            },
            endpoints => endpoints.MapBourseLivenessCheck("/test-healthz"));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task AHealthyProtocolAnswers200WithTheServerNameAnonymously(string path)
    {
        using var response = await _http.GetAsync(_server.Https(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("200 OK<br/>NODE1&lt;b&gt;.bourse.test", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task HeadAnswersWithoutABody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, _server.Https("/ews/healthcheck.htm"));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("throw")]
    public async Task AFailingProbeAnswers503WithoutDetails(string mode)
    {
        _store.Mode = mode;
        foreach (var (path, _) in BourseHealthEndpoints.Checks)
        {
            using var response = await _http.GetAsync(_server.Https(path));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("secret", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
            Assert.DoesNotContain("NODE1", body, StringComparison.Ordinal);
        }
        Assert.Contains(_server.Logs.Lines, l => l.Contains("Health probe store failed", StringComparison.Ordinal));
        using var liveness = await _http.GetAsync(_server.Https("/test-healthz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, liveness.StatusCode);
        Assert.Equal("unavailable", await liveness.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AProbeThatHangsAnswers503AtTheTimeout()
    {
        _store.Mode = "hang";
        var watch = Stopwatch.StartNew();
        using var response = await _http.GetAsync(_server.Https("/mapi/healthcheck.htm"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Contains(_server.Logs.Lines, l => l.Contains("Health probe store did not answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProbeGatesOnlyTheProtocolsItAppliesTo()
    {
        _ewsOnly.Mode = "fail";
        using var ews = await _http.GetAsync(_server.Https("/ews/healthcheck.htm"));
        using var owa = await _http.GetAsync(_server.Https("/owa/healthcheck.htm"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ews.StatusCode);
        Assert.Equal(HttpStatusCode.OK, owa.StatusCode);
    }

    [Fact]
    public async Task LivenessIsOkWhenEveryProbePasses()
    {
        using var response = await _http.GetAsync(_server.Https("/test-healthz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}
