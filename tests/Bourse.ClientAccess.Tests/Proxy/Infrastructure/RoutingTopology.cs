using System.Net.Http.Headers;
using System.Text;
using Bourse.Directory;

namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>
/// A front end and two back ends (DB01, DB02) on 127.0.0.1, plus a decoy that no configuration names. Alice lives on
/// DB01, Bob on DB02. The front end pins both back-end certificates and shares a secret with them.
/// </summary>
public sealed class RoutingTopology : IAsyncLifetime
{
    public const string Secret = "routing-tests-shared-secret-0123456789-abcdef";
    public const string AlicePassword = "alice-Passw0rd!";
    public const string BobPassword = "bob-Passw0rd!";

    internal RoutingDirectory Directory { get; } = new();

    internal DirectoryUser Alice { get; private set; } = null!;

    internal DirectoryUser Bob { get; private set; } = null!;

    internal DecoyServer Decoy { get; private set; } = null!;

    internal RoutingNode Backend1 { get; private set; } = null!;

    internal RoutingNode Backend2 { get; private set; } = null!;

    internal RoutingNode Frontend { get; private set; } = null!;

    internal IEnumerable<RoutingNode> Backends => [Backend1, Backend2];

    public async Task InitializeAsync()
    {
        Alice = Directory.Add("alice@bourse.test", AlicePassword, "DB01", "alice.alias@bourse.test");
        Bob = Directory.Add("bob@bourse.test", BobPassword, "DB02");
        Decoy = await DecoyServer.StartAsync();
        Backend1 = await RoutingNode.StartAsync("backend-db01", Directory, BackendSettings("DB01"));
        Backend2 = await RoutingNode.StartAsync("backend-db02", Directory, BackendSettings("DB02"));
        Frontend = await RoutingNode.StartAsync("frontend", Directory, FrontendSettings(Backend1, Backend2));
    }

    internal static Dictionary<string, string?> BackendSettings(string database, string secret = Secret) => new()
    {
        ["Bourse:ClientAccess:Role"] = "Backend",
        ["Bourse:ClientAccess:Databases:0"] = database,
        ["Bourse:ClientAccess:SharedSecret"] = secret,
    };

    internal static Dictionary<string, string?> FrontendSettings(RoutingNode db01, RoutingNode db02, string secret = Secret, string[]? thumbprints = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bourse:ClientAccess:Role"] = "Frontend",
            ["Bourse:ClientAccess:Backends:DB01"] = db01.BaseAddress,
            ["Bourse:ClientAccess:Backends:DB02"] = db02.BaseAddress,
            ["Bourse:ClientAccess:SharedSecret"] = secret,
        };
        thumbprints ??= [TestCertificateFactory.Sha256(db01.Certificate), TestCertificateFactory.Sha256(db02.Certificate)];
        for (var i = 0; i < thumbprints.Length; i++)
        {
            settings[$"Bourse:ClientAccess:BackendCertificateThumbprints:{i}"] = thumbprints[i];
        }
        return settings;
    }

    internal void Reset()
    {
        Decoy.Reset();
        Frontend.Reset();
        Backend1.Reset();
        Backend2.Reset();
    }

    internal static AuthenticationHeaderValue Basic(string login, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password)));

    internal AuthenticationHeaderValue AliceAuth => Basic(Alice.PrimarySmtpAddress, AlicePassword);

    internal static (string Name, string Value) OwaSession(DirectoryUser user) => ("Cookie", RoutingNode.OwaSessionCookie + "=" + user.PrimarySmtpAddress);

    internal AuthenticationHeaderValue BobAuth => Basic(Bob.PrimarySmtpAddress, BobPassword);

    public async Task DisposeAsync()
    {
        await Frontend.DisposeAsync();
        await Backend1.DisposeAsync();
        await Backend2.DisposeAsync();
        await Decoy.DisposeAsync();
    }
}
