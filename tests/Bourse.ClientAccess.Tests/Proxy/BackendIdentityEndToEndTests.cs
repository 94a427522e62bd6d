using System.Net;
using Bourse.ClientAccess.Proxy;
using Bourse.ClientAccess.Routing;
using Bourse.ClientAccess.Tests.Infrastructure;
using Bourse.ClientAccess.Tests.Proxy.Infrastructure;
using Bourse.Core.Ids;

namespace Bourse.ClientAccess.Tests.Proxy;

/// <summary>Clients that talk to a back end directly, with or without a forged identity header.</summary>
public sealed class BackendIdentityEndToEndTests(RoutingTopology topology) : IClassFixture<RoutingTopology>, IDisposable
{
    private readonly HttpClient _client = RoutingHttp.CreateClient();

    public void Dispose() => _client.Dispose();

    private static BackendIdentitySigner Signer(string secret = RoutingTopology.Secret, TimeProvider? time = null) =>
        new(new StaticOptionsMonitor<ClientAccessOptions>(new ClientAccessOptions { SharedSecret = secret }), time ?? TimeProvider.System);

    private static string Identity(MailboxId mailbox, string path, string method = "GET", string secret = RoutingTopology.Secret, TimeProvider? time = null)
    {
        var signer = Signer(secret, time);
        return signer.Sign(signer.Issue(mailbox, "Basic", IPAddress.Parse("192.0.2.50")), method, path)!;
    }

    [Fact]
    public async Task AValidIdentityFromTheFrontEndRunsAsThatUser()
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), null,
            (ProxyHeaders.Identity, Identity(topology.Alice.MailboxId, "/EWS/Exchange.asmx")));

        Assert.Equal(200, status);
        Assert.Contains("user=alice@bourse.test", body);
        Assert.Contains("viaFrontend=True", body);
        Assert.Contains("client=192.0.2.50", body);
    }

    [Theory]
    [InlineData("v1;00000000000000000000000000000000;Basic;0;-;AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("alice@bourse.test")]
    [InlineData("")]
    public async Task AForgedIdentityIs403(string header)
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), null, (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
        Assert.Empty(body);
    }

    [Fact]
    public async Task AnIdentitySignedWithAnotherSecretIs403()
    {
        var header = Identity(topology.Alice.MailboxId, "/EWS/Exchange.asmx", secret: "not-the-shared-secret-0123456789-abcdefgh");
        var (status, _, _) = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), null, (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task AnExpiredIdentityIs403()
    {
        var old = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-2));
        var header = Identity(topology.Alice.MailboxId, "/EWS/Exchange.asmx", time: old);
        var (status, _, _) = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), null, (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task AnIdentityReplayedOnAnotherPathIs403()
    {
        var header = Identity(topology.Alice.MailboxId, "/EWS/Exchange.asmx");
        var (status, _, _) = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/mapi/emsmdb/"), null, (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task TwoIdentityHeadersAre403()
    {
        var header = Identity(topology.Alice.MailboxId, "/EWS/Exchange.asmx");
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), null,
            (ProxyHeaders.Identity, header), (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
        Assert.Empty(body);
    }

    [Fact]
    public async Task AnIdentityOverPlainHttpIs403()
    {
        var header = Identity(topology.Alice.MailboxId, "/EWS/Exchange.asmx");
        var (status, _, _) = await _client.SendAsync(HttpMethod.Get, $"http://127.0.0.1:{topology.Backend1.HttpPort}/EWS/Exchange.asmx", null, (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task AFrontEndRefusesEvenAValidIdentity()
    {
        topology.Reset();
        var header = Identity(topology.Alice.MailboxId, "/EWS/Exchange.asmx");
        var (status, _, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https("/EWS/Exchange.asmx"), null, (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
        Assert.All(topology.Backends, b => Assert.Empty(b.Requests));
    }

    [Fact]
    public async Task AnIdentityForAMailboxOnAnotherDatabaseIs421()
    {
        var header = Identity(topology.Bob.MailboxId, "/EWS/Exchange.asmx");
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), null, (ProxyHeaders.Identity, header));

        Assert.Equal(421, status);
        Assert.Empty(body);
    }

    [Fact]
    public async Task AnIdentityForAnUnknownMailboxIs403()
    {
        var header = Identity(MailboxId.New(), "/EWS/Exchange.asmx");
        var (status, _, _) = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), null, (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task DirectSignInOnABackEndServesOnlyItsOwnDatabases()
    {
        var own = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), topology.AliceAuth);
        var other = await _client.SendAsync(HttpMethod.Get, topology.Backend1.Https("/EWS/Exchange.asmx"), topology.BobAuth);

        Assert.Equal(200, own.Status);
        Assert.Contains("viaFrontend=False", own.Body);
        Assert.Equal(421, other.Status);
    }

    [Fact]
    public async Task TheHandlerNeverSeesTheIdentityHeader()
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https("/EWS/Exchange.asmx"), topology.AliceAuth);

        Assert.Equal(200, status);
        Assert.True(Assert.Single(topology.Backend1.Requests).Headers.ContainsKey(ProxyHeaders.Identity));
        Assert.Contains("identityHeader=False", body);
    }
}
