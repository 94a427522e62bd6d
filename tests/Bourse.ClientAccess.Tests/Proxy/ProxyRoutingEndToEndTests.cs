using Bourse.ClientAccess.Tests.Proxy.Infrastructure;

namespace Bourse.ClientAccess.Tests.Proxy;

/// <summary>A front end routing to two back ends over real TLS on 127.0.0.1.</summary>
public sealed class ProxyRoutingEndToEndTests(RoutingTopology topology) : IClassFixture<RoutingTopology>, IDisposable
{
    private readonly HttpClient _client = RoutingHttp.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task AliceIsProxiedToTheBackendOfDb01()
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https("/EWS/Exchange.asmx"), topology.AliceAuth);

        Assert.Equal(200, status);
        Assert.Contains("node=backend-db01", body);
        Assert.Contains("user=alice@bourse.test", body);
        Assert.Contains("database=DB01", body);
        Assert.Contains("viaFrontend=True", body);
        Assert.Contains("method=Basic", body);
        var arrived = Assert.Single(topology.Backend1.Requests);
        Assert.False(arrived.Headers.ContainsKey("Authorization"));
        Assert.True(arrived.Headers.ContainsKey("X-Bourse-Identity"));
        Assert.Equal(topology.Alice.MailboxId.ToString(), arrived.Mailbox);
        Assert.Empty(topology.Backend2.Requests);
        Assert.Equal(0, topology.Decoy.Connections);
    }

    [Fact]
    public async Task BobIsProxiedToTheBackendOfDb02()
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https("/Microsoft-Server-ActiveSync?Cmd=Sync&User=bob&DeviceId=A1&DeviceType=Phone"), topology.BobAuth);

        Assert.Equal(200, status);
        Assert.Contains("node=backend-db02", body);
        Assert.Contains("user=bob@bourse.test", body);
        Assert.Single(topology.Backend2.Requests);
        Assert.Empty(topology.Backend1.Requests);
        Assert.EndsWith("?Cmd=Sync&User=bob&DeviceId=A1&DeviceType=Phone", Assert.Single(topology.Backend2.Requests).RawTarget);
    }

    [Theory]
    [InlineData("/ews/exchange.asmx", "/EWS/exchange.asmx")]
    [InlineData("/MAPI/emsmdb/", "/mapi/emsmdb/")]
    [InlineData("/microsoft-server-activesync", "/Microsoft-Server-ActiveSync")]
    [InlineData("/OWA/", "/owa/")]
    public async Task PrefixesMatchCaseInsensitivelyAndArriveInCanonicalSpelling(string path, string canonical)
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https(path), topology.AliceAuth, RoutingTopology.OwaSession(topology.Alice));

        Assert.Equal(200, status);
        Assert.Contains("path=" + canonical + ";", body);
        Assert.StartsWith(canonical, Assert.Single(topology.Backend1.Requests).RawTarget);
    }

    [Theory]
    [InlineData("/foo")]
    [InlineData("/PowerShell/")]
    [InlineData("/OAB/x/oab.xml")]
    [InlineData("/rpc/rpcproxy.dll")]
    [InlineData("/owaa/")]
    [InlineData("/favicon.ico")]
    [InlineData("/ecp/")]
    [InlineData("/ECP/default.aspx")]
    public async Task UnknownAndReservedPathsAre404AndReachNoBackend(string path)
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https(path), topology.AliceAuth);

        Assert.Equal(404, status);
        Assert.Empty(body);
        Assert.All(topology.Backends, b => Assert.Empty(b.Requests));
    }

    [Theory]
    [InlineData("/owa/bob@bourse.test/")]
    [InlineData("/owa/BOB@BOURSE.TEST/")]
    [InlineData("/owa/bob%40bourse.test/")]
    [InlineData("/owa/nobody@bourse.test/")]
    [InlineData("/EWS/Exchange.asmx/bob@bourse.test")]
    [InlineData("/autodiscover/autodiscover.json?@bob@bourse.test")]
    public async Task AnotherMailboxIs403AndNeverProxied(string path)
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https(path), topology.AliceAuth, RoutingTopology.OwaSession(topology.Alice));

        Assert.Equal(403, status);
        Assert.Empty(body);
        Assert.All(topology.Backends, b => Assert.Empty(b.Requests));
    }

    [Fact]
    public async Task MapiMailboxIdOfAnotherUserIs403AndOwnIsServed()
    {
        topology.Reset();
        var other = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https($"/mapi/emsmdb/?MailboxId={topology.Bob.MailboxId}@bourse.test"), topology.AliceAuth);
        var own = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https($"/mapi/emsmdb/?MailboxId={topology.Alice.MailboxId}@bourse.test"), topology.AliceAuth);

        Assert.Equal(403, other.Status);
        Assert.Equal(200, own.Status);
        Assert.Contains("node=backend-db01", own.Body);
        Assert.Contains("target=" + topology.Alice.MailboxId, own.Body);
        Assert.Single(topology.Backend1.Requests);
        Assert.Empty(topology.Backend2.Requests);
    }

    [Theory]
    [InlineData("/owa/alice@bourse.test/", "/owa/")]
    [InlineData("/owa/alice.alias@bourse.test/inbox", "/owa/inbox")]
    [InlineData("/EWS/Exchange.asmx/alice@bourse.test", "/EWS/Exchange.asmx")]
    public async Task OwnMailboxByExplicitLogonIsServedWithTheAddressRemovedFromThePath(string path, string canonical)
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https(path), topology.AliceAuth, RoutingTopology.OwaSession(topology.Alice));

        Assert.Equal(200, status);
        Assert.Contains("node=backend-db01", body);
        Assert.Contains("path=" + canonical + ";", body);
        Assert.DoesNotContain("@", Assert.Single(topology.Backend1.Requests).RawTarget);
    }

    [Theory]
    [InlineData("/EWS/Exchange.asmx")]
    [InlineData("/mapi/emsmdb/")]
    [InlineData("/Microsoft-Server-ActiveSync")]
    public async Task AnonymousProtocolRequestsAreChallengedByTheFrontend(string path)
    {
        topology.Reset();
        var (status, _, response) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https(path));

        Assert.Equal(401, status);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.All(topology.Backends, b => Assert.Empty(b.Requests));
    }

    [Fact]
    public async Task WrongPasswordIs401AndNeverProxied()
    {
        topology.Reset();
        var (status, _, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https("/EWS/Exchange.asmx"), RoutingTopology.Basic("alice@bourse.test", "wrong"));

        Assert.Equal(401, status);
        Assert.All(topology.Backends, b => Assert.Empty(b.Requests));
    }

    [Theory]
    [InlineData("/", "landing")]
    [InlineData("/healthz", "healthy")]
    [InlineData("/owa/healthcheck.htm", "healthcheck")]
    [InlineData("/EWS/HealthCheck.htm", "healthcheck")]
    [InlineData("/Microsoft-Server-ActiveSync/healthcheck.htm", "healthcheck")]
    public async Task ProbesAndLandingAreServedAnonymouslyByTheFrontend(string path, string what)
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https(path));

        Assert.Equal(200, status);
        Assert.Equal(what + " node=frontend", body);
        Assert.All(topology.Backends, b => Assert.Empty(b.Requests));
    }

    [Fact]
    public async Task AutodiscoverIsServedByTheFrontendItself()
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https("/autodiscover/autodiscover.xml"), topology.BobAuth);

        Assert.Equal(200, status);
        Assert.Contains("node=frontend", body);
        Assert.Contains("local=True", body);
        Assert.All(topology.Backends, b => Assert.Empty(b.Requests));
    }

    [Fact]
    public async Task ClientCredentialsForwardingAndRoutingHeadersNeverReachTheBackend()
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https("/EWS/Exchange.asmx"), topology.AliceAuth,
            ("X-Forwarded-For", "203.0.113.9"),
            ("X-Original-URL", "/ecp/y.js"),
            ("X-BEResource", topology.Decoy.Authority + "/EWS/Exchange.asmx?a=~1942062522"),
            ("X-CommonAccessToken", "VgEAVAdXaW5kb3dz"),
            ("Cookie", $"X-BEResource={topology.Decoy.Authority}~1942062522; session=abc; X-BackEndCookie2=x; X-AnonResource=true"));

        Assert.Equal(200, status);
        Assert.Contains("client=127.0.0.1", body);
        var arrived = Assert.Single(topology.Backend1.Requests).Headers;
        Assert.Equal("session=abc", arrived["Cookie"]);
        foreach (var name in new[] { "Authorization", "X-Forwarded-For", "X-Original-URL", "X-BEResource", "X-CommonAccessToken" })
        {
            Assert.False(arrived.ContainsKey(name), name);
        }
        Assert.Equal(0, topology.Decoy.Connections);
    }

    [Fact]
    public async Task AHostHeaderNamingTheDecoyChangesNothing()
    {
        topology.Reset();
        var (status, body, _) = await _client.SendAsync(HttpMethod.Get, topology.Frontend.Https("/EWS/Exchange.asmx"), topology.AliceAuth,
            ("Host", topology.Decoy.Authority));

        Assert.Equal(200, status);
        Assert.Contains("node=backend-db01", body);
        Assert.NotEqual(topology.Decoy.Authority, Assert.Single(topology.Backend1.Requests).Headers["Host"]);
        Assert.Equal(0, topology.Decoy.Connections);
        Assert.Equal(0, topology.Decoy.Requests);
    }
}
