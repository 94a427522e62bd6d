using System.Net;
using Bourse.ClientAccess.Proxy;
using Bourse.ClientAccess.Routing;
using Bourse.ClientAccess.Tests.Infrastructure;
using Bourse.ClientAccess.Tests.Proxy.Infrastructure;

namespace Bourse.ClientAccess.Tests.Proxy;

/// <summary>The default role: one process serves every mailbox locally and proxies nothing.</summary>
public sealed class AllRoleEndToEndTests(RoutingTopology topology) : IClassFixture<RoutingTopology>, IDisposable
{
    private readonly HttpClient _client = RoutingHttp.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task EveryMailboxIsServedLocallyEvenWithBackendsConfigured()
    {
        topology.Reset();
        await using var node = await RoutingNode.StartAsync("all", topology.Directory, new()
        {
            ["Bourse:ClientAccess:Backends:DB01"] = topology.Backend1.BaseAddress,
        });
        var alice = await _client.SendAsync(HttpMethod.Get, node.Https("/EWS/Exchange.asmx"), topology.AliceAuth);
        var bob = await _client.SendAsync(HttpMethod.Get, node.Https("/mapi/emsmdb/"), topology.BobAuth);

        Assert.Equal(200, alice.Status);
        Assert.Contains("node=all;", alice.Body);
        Assert.Contains("database=DB01", alice.Body);
        Assert.Contains("node=all;", bob.Body);
        Assert.Contains("database=DB02", bob.Body);
        Assert.All(topology.Backends, b => Assert.Empty(b.Requests));
        Assert.Equal(0, topology.Decoy.Connections);
    }

    [Fact]
    public async Task WithoutASecretAnyIdentityHeaderIs403()
    {
        await using var node = await RoutingNode.StartAsync("all-nosecret", topology.Directory, []);
        var signer = new BackendIdentitySigner(new StaticOptionsMonitor<ClientAccessOptions>(new ClientAccessOptions { SharedSecret = RoutingTopology.Secret }), TimeProvider.System);
        var header = signer.Sign(signer.Issue(topology.Alice.MailboxId, "Basic", IPAddress.Loopback), "GET", "/EWS/Exchange.asmx")!;

        var (status, _, _) = await _client.SendAsync(HttpMethod.Get, node.Https("/EWS/Exchange.asmx"), topology.BobAuth, (ProxyHeaders.Identity, header));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task ASoapPostBodyIsStreamedThroughTheProxy()
    {
        topology.Reset();
        using var content = new ByteArrayContent(new byte[300_000]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, topology.Frontend.Https("/EWS/Exchange.asmx")) { Content = content };
        request.Headers.Authorization = topology.BobAuth;
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("node=backend-db02", body);
        Assert.EndsWith(";length=300000", body);
    }
}
