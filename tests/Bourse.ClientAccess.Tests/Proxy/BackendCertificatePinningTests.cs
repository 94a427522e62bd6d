using Bourse.ClientAccess.Tests.Proxy.Infrastructure;

namespace Bourse.ClientAccess.Tests.Proxy;

/// <summary>The front end validates back-end certificates by pinned thumbprint, and never accepts one blindly.</summary>
public sealed class BackendCertificatePinningTests(RoutingTopology topology) : IClassFixture<RoutingTopology>, IDisposable
{
    private readonly HttpClient _client = RoutingHttp.CreateClient();

    public void Dispose() => _client.Dispose();

    private async Task<(int Status, string Body)> ThroughFrontendAsync(string[] thumbprints)
    {
        await using var frontend = await RoutingNode.StartAsync("frontend-pinning", topology.Directory,
            RoutingTopology.FrontendSettings(topology.Backend1, topology.Backend2, thumbprints: thumbprints));
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, frontend.Https("/EWS/Exchange.asmx"), topology.AliceAuth);
        return (status, body);
    }

    [Fact]
    public async Task AnUnpinnedBackendCertificateIsRefused()
    {
        topology.Reset();
        var (status, body) = await ThroughFrontendAsync([TestCertificateFactory.Sha256(topology.Backend2.Certificate)]);

        Assert.Equal(502, status);
        Assert.DoesNotContain("alice", body);
        Assert.Empty(topology.Backend1.Requests);
    }

    [Fact]
    public async Task WithoutPinsASelfSignedBackendIsRefused()
    {
        topology.Reset();
        var (status, _) = await ThroughFrontendAsync([]);

        Assert.Equal(502, status);
        Assert.Empty(topology.Backend1.Requests);
    }

    [Fact]
    public async Task ASha1PinInWindowsThumbprintFormIsAccepted()
    {
        topology.Reset();
        var sha1 = topology.Backend1.Certificate.Thumbprint.ToLowerInvariant();
        var (status, body) = await ThroughFrontendAsync([string.Join(':', Enumerable.Range(0, sha1.Length / 2).Select(i => sha1.Substring(i * 2, 2)))]);

        Assert.Equal(200, status);
        Assert.Contains("node=backend-db01", body);
    }

    [Fact]
    public async Task AFrontEndWithAnotherSecretIsRefusedByTheBackend()
    {
        topology.Reset();
        await using var frontend = await RoutingNode.StartAsync("frontend-wrong-secret", topology.Directory,
            RoutingTopology.FrontendSettings(topology.Backend1, topology.Backend2, secret: "a-different-secret-0123456789-abcdefghijk"));
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, frontend.Https("/EWS/Exchange.asmx"), topology.AliceAuth);

        Assert.Equal(403, status);
        Assert.Empty(body);
        Assert.Equal(403, Assert.Single(topology.Backend1.Requests).Status);
    }
}
