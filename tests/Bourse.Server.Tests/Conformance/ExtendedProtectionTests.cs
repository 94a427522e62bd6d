using Bourse.Testing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>
/// Two real processes: one with the default Extended Protection (<c>WhenSupported</c>) and one with
/// <c>Bourse:Authentication:Ntlm:ExtendedProtection=Required</c>. Each failure scenario has its own user so the account
/// lockout (5 failures) never crosses tests.
/// </summary>
public sealed class ExtendedProtectionServers : IAsyncLifetime
{
    public static readonly string[] Users = ["bound", "relayed", "replayed", "unbound", "zeroes", "lockntlm", "other"];

    internal ConformanceServer WhenSupported { get; private set; } = null!;

    internal ConformanceServer Required { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await Task.WhenAll(
            ConformanceServer.StartAsync(Users, new Dictionary<string, string>()),
            ConformanceServer.StartAsync(Users, new Dictionary<string, string> { ["BOURSE_Bourse__Authentication__Ntlm__ExtendedProtection"] = "Required" }));
        (WhenSupported, Required) = (servers[0], servers[1]);
    }

    public async Task DisposeAsync()
    {
        await WhenSupported.DisposeAsync();
        await Required.DisposeAsync();
    }
}

/// <summary>
/// NTLM Extended Protection (MS-NLMP MsvAvChannelBindings, RFC 5929 tls-server-end-point) through the real <c>bourse</c>
/// process, with a test-side NTLMv2 client that can bind its token to any TLS channel: the CVE-2024-21410 relay (a token
/// bound to another server's certificate) and a replayed AUTHENTICATE are refused, a correctly bound token signs in, and
/// with Required a token without a binding is refused.
/// </summary>
public sealed class ExtendedProtectionTests(ExtendedProtectionServers servers) : IClassFixture<ExtendedProtectionServers>
{
    private const string Path = "/autodiscover/autodiscover.xml";

    private static string Pox(string user) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">" +
        $"<Request><EMailAddress>{user}@bourse.test</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>";

    private static (string, string) Ntlm(byte[] token) => ("Authorization", "NTLM " + Convert.ToBase64String(token));

    /// <summary>NEGOTIATE on <paramref name="connection"/>, returning the server's CHALLENGE.</summary>
    private static async Task<byte[]> ChallengeAsync(RawHttpConnection connection, NtlmTokenClient client, string user)
    {
        var response = await connection.SendAsync("POST", Path, Pox(user), Ntlm(client.CreateNegotiate()));
        Assert.Equal(401, response.Status);
        return response.Token("NTLM") ?? throw new InvalidOperationException("no NTLM challenge:\n" + response);
    }

    private static void AssertSettingsFor(string user, RawHttpResponse response)
    {
        Assert.True(response.Status == 200, response.ToString());
        Assert.Contains("<EwsUrl>https://mail.bourse.test/EWS/Exchange.asmx</EwsUrl>", response.Body, StringComparison.Ordinal);
        Assert.Contains($"<AutoDiscoverSMTPAddress>{user}@bourse.test</AutoDiscoverSMTPAddress>", response.Body, StringComparison.Ordinal);
    }

    private static void AssertRefused(RawHttpResponse response)
    {
        Assert.True(response.Status == 401, response.ToString());
        Assert.DoesNotContain("EwsUrl", response.Body, StringComparison.Ordinal);
        // A fresh challenge, the same as for an anonymous request: nothing says that the binding was the reason.
        Assert.Contains("NTLM", response.All("WWW-Authenticate"));
    }

    private static X509Certificate2 AnotherServersCertificate()
    {
        // What the relaying attacker's TLS server presented to the victim: a certificate for the same names, another key.
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=mail.bourse.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>Waits for the server's sign-in failure line naming the user and the reason (clients never see the reason).</summary>
    private static async Task WaitForLogAsync(ConformanceServer server, string user, string reason)
    {
        bool Logged() => server.Server.Output.Split('\n').Any(l =>
            l.Contains("Sign-in failed", StringComparison.Ordinal) && l.Contains(user, StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Logged() && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.True(Logged(), $"no '{reason}' failure for {user} in the server log:\n{server.Server.Output}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TokenBoundToThisTlsChannelSignsIn(bool required)
    {
        var server = required ? servers.Required : servers.WhenSupported;
        await using var connection = await RawHttpConnection.OpenAsync(server.Port);
        var client = new NtlmTokenClient();
        var challenge = await ChallengeAsync(connection, client, "bound");
        var binding = NtlmTokenClient.ChannelBindingFor(connection.ServerCertificate!);
        var signedIn = await connection.SendAsync("POST", Path, Pox("bound"), Ntlm(client.CreateAuthenticate(challenge, "bound", ConformanceServer.NetBios, ConformanceServer.Password, binding)));
        AssertSettingsFor("bound", signedIn);
        // IIS-style: the handshake authenticated this TLS connection.
        AssertSettingsFor("bound", await connection.SendAsync("POST", Path, Pox("bound")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TokenBoundToAnotherTlsChannelIsRefused(bool required)
    {
        var server = required ? servers.Required : servers.WhenSupported;
        await using var connection = await RawHttpConnection.OpenAsync(server.Port);
        using var attackers = AnotherServersCertificate();
        var client = new NtlmTokenClient();
        var challenge = await ChallengeAsync(connection, client, "relayed");
        // The right password, the real server's challenge — but the victim's TLS channel was with the attacker.
        var relayed = client.CreateAuthenticate(challenge, "relayed", ConformanceServer.NetBios, ConformanceServer.Password, NtlmTokenClient.ChannelBindingFor(attackers));
        AssertRefused(await connection.SendAsync("POST", Path, Pox("relayed"), Ntlm(relayed)));
        // The connection did not become authenticated.
        AssertRefused(await connection.SendAsync("POST", Path, Pox("relayed")));
        await WaitForLogAsync(server, "relayed", "ChannelBindingMismatch");
    }

    [Fact]
    public async Task TokenBoundToTheOtherBourseServerIsRefused()
    {
        // A relay between two real servers: the token is bound to the Required server's certificate, sent to the other.
        await using var victim = await RawHttpConnection.OpenAsync(servers.Required.Port);
        await using var target = await RawHttpConnection.OpenAsync(servers.WhenSupported.Port);
        Assert.NotEqual(victim.ServerCertificate!.Thumbprint, target.ServerCertificate!.Thumbprint);
        var client = new NtlmTokenClient();
        var challenge = await ChallengeAsync(target, client, "relayed");
        var relayed = client.CreateAuthenticate(challenge, "relayed", ConformanceServer.NetBios, ConformanceServer.Password, NtlmTokenClient.ChannelBindingFor(victim.ServerCertificate));
        AssertRefused(await target.SendAsync("POST", Path, Pox("relayed"), Ntlm(relayed)));
    }

    [Fact]
    public async Task TokenWithoutBindingIsRefusedOnlyWhenRequired()
    {
        foreach (var (server, accepted) in new[] { (servers.WhenSupported, true), (servers.Required, false) })
        {
            await using var connection = await RawHttpConnection.OpenAsync(server.Port);
            var client = new NtlmTokenClient();
            var challenge = await ChallengeAsync(connection, client, "unbound");
            var response = await connection.SendAsync("POST", Path, Pox("unbound"),
                Ntlm(client.CreateAuthenticate(challenge, "unbound", ConformanceServer.NetBios, ConformanceServer.Password, channelBinding: null)));
            if (accepted)
                AssertSettingsFor("unbound", response);
            else
                AssertRefused(response);
        }
        await WaitForLogAsync(servers.Required, "unbound", "ChannelBindingMissing");
    }

    [Fact]
    public async Task AllZeroBindingCountsAsNoBinding()
    {
        // MS-NLMP 2.2.2.1: a client without channel information sends sixteen zero bytes — "no binding", not a match.
        foreach (var (server, accepted) in new[] { (servers.WhenSupported, true), (servers.Required, false) })
        {
            await using var connection = await RawHttpConnection.OpenAsync(server.Port);
            var client = new NtlmTokenClient();
            var challenge = await ChallengeAsync(connection, client, "zeroes");
            var response = await connection.SendAsync("POST", Path, Pox("zeroes"),
                Ntlm(client.CreateAuthenticate(challenge, "zeroes", ConformanceServer.NetBios, ConformanceServer.Password, new byte[16])));
            if (accepted)
                AssertSettingsFor("zeroes", response);
            else
                AssertRefused(response);
        }
    }

    [Fact]
    public async Task AuthenticateReplayedOnAnotherConnectionIsRefused()
    {
        var server = servers.WhenSupported;
        await using var first = await RawHttpConnection.OpenAsync(server.Port);
        var client = new NtlmTokenClient();
        var challenge = await ChallengeAsync(first, client, "replayed");
        var token = client.CreateAuthenticate(challenge, "replayed", ConformanceServer.NetBios, ConformanceServer.Password, NtlmTokenClient.ChannelBindingFor(first.ServerCertificate!));
        AssertSettingsFor("replayed", await first.SendAsync("POST", Path, Pox("replayed"), Ntlm(token)));

        // Captured and replayed on a new connection (same certificate, so the binding matches): no challenge was issued there.
        await using (var second = await RawHttpConnection.OpenAsync(server.Port))
            AssertRefused(await second.SendAsync("POST", Path, Pox("replayed"), Ntlm(token)));

        // Nor after a handshake of the attacker's own on that connection: the token answers another challenge.
        await using (var third = await RawHttpConnection.OpenAsync(server.Port))
        {
            await ChallengeAsync(third, new NtlmTokenClient(), "replayed");
            AssertRefused(await third.SendAsync("POST", Path, Pox("replayed"), Ntlm(token)));
        }

        // Nor again on its own connection: each challenge is answerable once.
        AssertRefused(await first.SendAsync("POST", Path, Pox("replayed"), Ntlm(token)));
        await WaitForLogAsync(server, "replayed", "NoHandshake");
    }

    [Fact]
    public async Task NtlmSignInForAnotherUsersMailboxGetsTheAutodiscoverError()
    {
        await using var connection = await RawHttpConnection.OpenAsync(servers.WhenSupported.Port);
        var client = new NtlmTokenClient();
        var challenge = await ChallengeAsync(connection, client, "bound");
        var token = client.CreateAuthenticate(challenge, "bound", ConformanceServer.NetBios, ConformanceServer.Password, NtlmTokenClient.ChannelBindingFor(connection.ServerCertificate!));
        var response = await connection.SendAsync("POST", Path, Pox("other"), Ntlm(token));
        Assert.True(response.Status == 200, response.ToString());
        // MS-OXDSCLI 2.2.4.1.1.3.2: 500, the address is not one the caller may ask about; nothing of the other mailbox.
        Assert.Contains("<ErrorCode>500</ErrorCode>", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("other Display", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("EwsUrl", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedWrongNtlmPasswordsLockTheAccountOut()
    {
        var server = servers.WhenSupported;
        for (var i = 0; i < 5; i++)
        {
            await using var connection = await RawHttpConnection.OpenAsync(server.Port);
            var client = new NtlmTokenClient();
            var challenge = await ChallengeAsync(connection, client, "lockntlm");
            AssertRefused(await connection.SendAsync("POST", Path, Pox("lockntlm"),
                Ntlm(client.CreateAuthenticate(challenge, "lockntlm", ConformanceServer.NetBios, "wrong-" + i, NtlmTokenClient.ChannelBindingFor(connection.ServerCertificate!)))));
        }
        // Locked: even the right password gets 429 with Retry-After, decided before the password is checked.
        await using (var connection = await RawHttpConnection.OpenAsync(server.Port))
        {
            var client = new NtlmTokenClient();
            var challenge = await ChallengeAsync(connection, client, "lockntlm");
            var locked = await connection.SendAsync("POST", Path, Pox("lockntlm"),
                Ntlm(client.CreateAuthenticate(challenge, "lockntlm", ConformanceServer.NetBios, ConformanceServer.Password, NtlmTokenClient.ChannelBindingFor(connection.ServerCertificate!))));
            Assert.True(locked.Status == 429, locked.ToString());
            Assert.True(int.Parse(locked.First("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.DoesNotContain("EwsUrl", locked.Body, StringComparison.Ordinal);
        }
        // The lock is the account's (every spelling), not the address's: another user from 127.0.0.1 still signs in.
        using var basic = server.Server.CreateClient();
        basic.DefaultRequestHeaders.Authorization = LiveServer.Basic("lockntlm@bourse.test", ConformanceServer.Password);
        using (var viaBasic = await basic.PostAsync(Path, new StringContent(Pox("lockntlm"), System.Text.Encoding.UTF8, "text/xml")))
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, viaBasic.StatusCode);
        basic.DefaultRequestHeaders.Authorization = LiveServer.Basic("other@bourse.test", ConformanceServer.Password);
        using var other = await basic.PostAsync(Path, new StringContent(Pox("other"), System.Text.Encoding.UTF8, "text/xml"));
        Assert.Equal(System.Net.HttpStatusCode.OK, other.StatusCode);
    }

    [ToolFact("requests-ntlm")]
    public async Task PythonRequestsNtlmBindsToTheRealCertificateWhenRequired()
    {
        // requests-ntlm computes tls-server-end-point from the certificate it received: a third implementation of the
        // binding that must agree with the server's on the certificate `serve` made.
        var script = string.Join('\n',
            "import sys, warnings", "warnings.filterwarnings('ignore')", "import requests", "from requests_ntlm import HttpNtlmAuth",
            "s = requests.Session()", "s.trust_env = False",
            "r = s.post(sys.argv[1], data=sys.argv[4], headers={'Content-Type': 'text/xml'}, auth=HttpNtlmAuth(sys.argv[2], sys.argv[3]), verify=False)",
            "print(r.status_code)", "print(r.text)");
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("/usr/bin/python3",
            ["-c", script, servers.Required.Url(Path), "BOURSE\\bound", ConformanceServer.Password, Pox("bound")], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("200", stdout, StringComparison.Ordinal);
        Assert.Contains("<EwsUrl>https://mail.bourse.test/EWS/Exchange.asmx</EwsUrl>", stdout, StringComparison.Ordinal);
    }

    [ToolFact("curl")]
    public async Task CurlNtlmWithoutBindingIsRefusedWhenRequired()
    {
        // curl 7.x sends no MsvAvChannelBindings: accepted by default, refused under Required.
        foreach (var (server, expected) in new[] { (servers.WhenSupported, "200"), (servers.Required, "401") })
        {
            var (exit, stdout, stderr) = await ExternalTool.RunAsync("curl",
                ["--ntlm", "-k", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "BOURSE\\unbound:" + ConformanceServer.Password,
                 "-X", "POST", "-H", "Content-Type: text/xml", "--data-binary", Pox("unbound"), server.Url(Path)], TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, stderr);
            Assert.Equal(expected, stdout.Trim());
        }
    }
}
