using Bourse.ClientAccess.Proxy;
using Bourse.ClientAccess.Tests.Proxy.Infrastructure;

namespace Bourse.ClientAccess.Tests.Proxy;

/// <summary>
/// The ProxyLogon / ProxyShell / ProxyNotShell regression corpus against a front end and two back ends on 127.0.0.1.
/// For every shape: the expected status (never a 2xx without credentials), nothing reaches the decoy (which the
/// shapes name), a back end sees only the signed-in user's own requests on that user's own database, stripped of
/// credentials and routing hints, and no response carries another user's mailbox.
/// </summary>
public sealed class ProxyCorpusTests(RoutingTopology topology) : IClassFixture<RoutingTopology>
{
    public static TheoryData<string> Cases => [.. CorpusCase.Names()];

    [Fact]
    public void TheCorpusCoversEveryFamily()
    {
        var names = CorpusCase.Names().ToList();
        foreach (var family in new[] { "proxylogon-", "proxyshell-", "proxynotshell-", "ssrf-", "explicit-logon-", "traversal-", "forged-identity-" })
        {
            Assert.Contains(names, n => n.StartsWith(family, StringComparison.Ordinal));
        }
        Assert.True(names.Count >= 40, "corpus shrank");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task NoShapeIsAuthenticatedProxiedElsewhereOrReachesAnotherMailbox(string name)
    {
        var c = CorpusCase.Load(name);
        topology.Reset();
        var placeholders = new Dictionary<string, string>
        {
            ["decoy"] = topology.Decoy.Authority,
            ["decoyHost"] = topology.Decoy.Authority,
            ["decoyUser"] = "admin",
            ["backend-db02"] = "127.0.0.1:" + topology.Backend2.HttpsPort,
            ["bobMailboxId"] = topology.Bob.MailboxId.ToString(),
            ["bobMailboxIdN"] = topology.Bob.MailboxId.Value.ToString("N"),
        };
        var users = new CorpusRunner.Identities(topology.Alice.PrimarySmtpAddress, RoutingTopology.AlicePassword,
            topology.Bob.PrimarySmtpAddress, RoutingTopology.BobPassword, topology.Bob.MailboxId.ToString());

        var (status, _, body) = await RawHttpsClient.SendAsync(topology.Frontend.HttpsPort, CorpusRunner.BuildHead(c, placeholders, users));

        Assert.True(c.Expect.Contains(status), $"{name}: status {status}, expected {string.Join('/', c.Expect)}");
        // Nothing ever reaches the server the shapes name.
        Assert.Equal(0, topology.Decoy.Connections);
        Assert.Equal(0, topology.Decoy.Requests);
        Assert.DoesNotContain("DECOY-SECRET", body);

        var signedIn = c.Auth switch
        {
            "alice" or "alice-owa" => topology.Alice,
            "bob" => topology.Bob,
            _ => null,
        };
        var arrived = topology.Backends.SelectMany(b => b.Requests).ToList();
        if (signedIn is null)
        {
            Assert.False(status is >= 200 and < 300, $"{name}: anonymous request answered {status}");
            Assert.Empty(arrived);
        }
        else
        {
            var own = signedIn == topology.Alice ? topology.Backend1 : topology.Backend2;
            var other = signedIn == topology.Alice ? topology.Bob : topology.Alice;
            Assert.All(arrived, r =>
            {
                Assert.Equal(own.Name, r.Node);
                Assert.Equal(signedIn.MailboxId.ToString(), r.Mailbox);
                Assert.DoesNotContain(other.PrimarySmtpAddress, r.RawTarget, StringComparison.OrdinalIgnoreCase);
                foreach (var stripped in ProxyHeaders.StrippedRequestHeaders.Where(h => h != ProxyHeaders.Identity))
                {
                    Assert.False(r.Headers.ContainsKey(stripped), $"{name}: {stripped} reached {r.Node}");
                }
                var cookies = r.Headers.GetValueOrDefault("Cookie") ?? string.Empty;
                Assert.DoesNotContain("X-BEResource", cookies, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("X-AnonResource", cookies, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("X-BackEndCookie", cookies, StringComparison.OrdinalIgnoreCase);
            });
            Assert.DoesNotContain(other.PrimarySmtpAddress, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(other.MailboxId.ToString(), body, StringComparison.OrdinalIgnoreCase);
            if (status is >= 200 and < 300)
            {
                Assert.Contains("user=" + signedIn.PrimarySmtpAddress, body);
            }
        }
        if (c.Serve is not null)
        {
            Assert.Contains("node=" + c.Serve + ";", body);
        }
        else
        {
            Assert.False(status is >= 200 and < 300, $"{name}: refused shape answered {status}");
            Assert.Empty(arrived);
        }
    }
}
