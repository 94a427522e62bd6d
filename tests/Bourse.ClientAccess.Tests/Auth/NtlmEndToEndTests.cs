using Bourse.Testing;
using Bourse.ClientAccess.Auth.Ntlm;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.Auth;

/// <summary>NTLM over a real Kestrel TLS listener on 127.0.0.1, driven by curl, python requests-ntlm and a raw client.</summary>
public sealed class NtlmEndToEndTests : IAsyncLifetime
{
    private const string Password = "Corr3ct-horse!";
    private AuthTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AuthTestServer.StartAsync();
        _server.Directory.Add("alice@bourse.test", Password);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<(int Status, string Body)> CurlAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("curl", ["-sS", "-k", "--max-time", "30", "-w", "\n%{http_code}", .. args]);
        Assert.True(exit == 0, $"curl failed ({exit}): {stderr}");
        var cut = stdout.LastIndexOf('\n');
        return (int.Parse(stdout[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture), stdout[..cut]);
    }

    [Theory]
    [InlineData("BOURSE\\alice")]
    [InlineData("alice@bourse.test")]
    [InlineData("bourse\\ALICE")]
    public async Task CurlNtlmCompletesTheHandshake(string login)
    {
        var (status, body) = await CurlAsync("--ntlm", "-u", login + ":" + Password, _server.Https("/EWS/Exchange.asmx"));
        Assert.Equal(200, status);
        Assert.Contains("user=alice@bourse.test;method=NTLM;mailbox=", body);
    }

    [Theory]
    [InlineData("/mapi/emsmdb")]
    [InlineData("/autodiscover/autodiscover.xml")]
    public async Task CurlNtlmWorksOnEveryWindowsProtocolPath(string path)
    {
        var (status, body) = await CurlAsync("--ntlm", "-u", "BOURSE\\alice:" + Password, _server.Https(path));
        Assert.Equal(200, status);
        Assert.Contains("method=NTLM", body);
    }

    [Fact]
    public async Task CurlNtlmWithWrongPasswordGets401()
    {
        var (status, _) = await CurlAsync("--ntlm", "-u", "BOURSE\\alice:wrong", _server.Https("/EWS/Exchange.asmx"));
        Assert.Equal(401, status);
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains("wrong", StringComparison.Ordinal) || l.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CurlNtlmForUnknownUserGets401()
    {
        var (status, _) = await CurlAsync("--ntlm", "-u", "BOURSE\\mallory:" + Password, _server.Https("/EWS/Exchange.asmx"));
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task CurlNtlmIsNotOfferedToActiveSync()
    {
        var (status, _) = await CurlAsync("--ntlm", "-u", "BOURSE\\alice:" + Password, _server.Https("/Microsoft-Server-ActiveSync"));
        Assert.Equal(401, status);
    }

    private static readonly string PythonScript = string.Join('\n',
        "import sys, warnings",
        "warnings.filterwarnings('ignore')",
        "import requests",
        "from requests_ntlm import HttpNtlmAuth",
        "s = requests.Session()",
        "s.trust_env = False",
        "r = s.get(sys.argv[1], auth=HttpNtlmAuth(sys.argv[2], sys.argv[3]), verify=False)",
        "print(r.status_code)",
        "print(r.text)");

    [Fact]
    public async Task PythonRequestsNtlmAuthenticatesWithChannelBinding()
    {
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("/usr/bin/python3", "-c", PythonScript, _server.Https("/EWS/Exchange.asmx"), "BOURSE\\alice", Password);
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("200", stdout);
        Assert.Contains("user=alice@bourse.test;method=", stdout);
    }

    [Fact]
    public async Task PythonRequestsNtlmWithWrongPasswordGets401()
    {
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("/usr/bin/python3", "-c", PythonScript, _server.Https("/EWS/Exchange.asmx"), "BOURSE\\alice", "nope");
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("401", stdout);
    }

    private async Task<RawHttpResponse> ChallengeAsync(RawHttpConnection connection, NtlmTestClient client, string scheme = "NTLM", string path = "/EWS/Exchange.asmx")
    {
        var response = await connection.SendAsync("GET", path, ("Authorization", scheme + " " + Convert.ToBase64String(client.CreateNegotiate())));
        Assert.Equal(401, response.Status);
        return response;
    }

    [Fact]
    public async Task RawClientBoundToOurCertificateWithMicSucceedsAndConnectionStaysAuthenticated()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var client = new NtlmTestClient();
        var challenge = (await ChallengeAsync(connection, client)).Token("NTLM")!;
        var binding = NtlmChannelBinding.ForCertificate(connection.ServerCertificate!);
        var auth = client.CreateAuthenticate(challenge, "alice", "BOURSE", Md4.NtHash(Password), binding);
        var ok = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(auth)));
        Assert.Equal(200, ok.Status);
        Assert.Contains("method=NTLM", ok.Body);

        // IIS-style: the connection is now authenticated; no header needed on the next request.
        var next = await connection.SendAsync("GET", "/EWS/Exchange.asmx");
        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task ChallengeCarriesTargetInfoAvPairs()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var challenge = (await ChallengeAsync(connection, new NtlmTestClient())).Token("NTLM")!;
        Assert.Equal(NtlmParseError.None, NtlmChallengeMessage.TryParse(challenge, out var parsed));
        var ids = parsed!.TargetInfo.Select(p => p.Id).ToList();
        Assert.Equal([NtlmAvId.NbDomainName, NtlmAvId.NbComputerName, NtlmAvId.DnsDomainName, NtlmAvId.DnsComputerName, NtlmAvId.Timestamp], ids);
        Assert.Equal("BOURSE", parsed.TargetName);
        Assert.True((parsed.Flags & NtlmNegotiateFlags.Unicode) != 0);
    }

    [Fact]
    public async Task TokenBoundToAnotherTlsChannelIsRefused()
    {
        // The relay: the victim's client computed its binding for the attacker's certificate; the attacker replays the
        // AUTHENTICATE on its own TLS connection to us.
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var client = new NtlmTestClient();
        var challenge = (await ChallengeAsync(connection, client)).Token("NTLM")!;
        var attackerBinding = NtlmChannelBinding.ForCertificate(TestCertificates.Create("mail.attacker.example"));
        var auth = client.CreateAuthenticate(challenge, "alice", "BOURSE", Md4.NtHash(Password), attackerBinding);
        var refused = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(auth)));
        Assert.Equal(401, refused.Status);
        Assert.Contains(_server.Logs.Lines, l => l.Contains("ChannelBindingMismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthenticateCapturedOnOneConnectionFailsOnAnother()
    {
        await using var first = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var client = new NtlmTestClient();
        var challenge = (await ChallengeAsync(first, client)).Token("NTLM")!;
        var auth = client.CreateAuthenticate(challenge, "alice", "BOURSE", Md4.NtHash(Password), NtlmChannelBinding.ForCertificate(first.ServerCertificate!));

        await using var second = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var onOther = await second.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(auth)));
        Assert.Equal(401, onOther.Status);

        // Even after a fresh challenge on the second connection, the captured AUTHENTICATE answers the wrong challenge.
        await ChallengeAsync(second, new NtlmTestClient());
        var replay = await second.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(auth)));
        Assert.Equal(401, replay.Status);
    }

    [Fact]
    public async Task AuthenticateCannotBeReplayedOnTheSameConnection()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var client = new NtlmTestClient();
        var challenge = (await ChallengeAsync(connection, client)).Token("NTLM")!;
        var auth = client.CreateAuthenticate(challenge, "alice", "BOURSE", Md4.NtHash(Password), null);
        var header = ("Authorization", "NTLM " + Convert.ToBase64String(auth));
        Assert.Equal(200, (await connection.SendAsync("GET", "/EWS/Exchange.asmx", header)).Status);
        Assert.Equal(401, (await connection.SendAsync("GET", "/EWS/Exchange.asmx", header)).Status);
    }

    [Fact]
    public async Task TamperedMicIsRefused()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var client = new NtlmTestClient();
        var challenge = (await ChallengeAsync(connection, client)).Token("NTLM")!;
        var auth = client.CreateAuthenticate(challenge, "alice", "BOURSE", Md4.NtHash(Password), null);
        auth[NtlmAuthenticateMessage.MicOffset] ^= 0xFF;
        var refused = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(auth)));
        Assert.Equal(401, refused.Status);
        Assert.Contains(_server.Logs.Lines, l => l.Contains("MicMismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RawNtlmUnderNegotiateSchemeWorks()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var client = new NtlmTestClient();
        var challenge = (await ChallengeAsync(connection, client, "Negotiate")).Token("Negotiate")!;
        Assert.True(NtlmWire.HasSignature(challenge));
        var auth = client.CreateAuthenticate(challenge, "alice@bourse.test", "", Md4.NtHash(Password), NtlmChannelBinding.ForCertificate(connection.ServerCertificate!));
        var ok = await connection.SendAsync("GET", "/autodiscover/autodiscover.xml", ("Authorization", "Negotiate " + Convert.ToBase64String(auth)));
        Assert.Equal(200, ok.Status);
        Assert.Contains("method=Negotiate", ok.Body);
    }

    [Fact]
    public async Task UnauthenticatedAutodiscoverGetsWindowsChallengesAndSoapHint()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var response = await connection.SendAsync("GET", "/autodiscover/autodiscover.xml");
        Assert.Equal(401, response.Status);
        var challenges = response.All("WWW-Authenticate").ToList();
        Assert.Equal("Negotiate", challenges[0]);
        Assert.Equal("NTLM", challenges[1]);
        Assert.StartsWith("Basic realm=", challenges[2]);
        Assert.Equal("True", response.First("X-SOAP-Enabled"));
    }

    [Fact]
    public async Task ActiveSyncChallengesWithBasicOnly()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var response = await connection.SendAsync("POST", "/Microsoft-Server-ActiveSync?Cmd=Sync");
        Assert.Equal(401, response.Status);
        Assert.Equal(["Basic realm=\"mail.bourse.test\", charset=\"UTF-8\""], response.All("WWW-Authenticate").ToList());
    }
}
