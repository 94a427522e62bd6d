using Bourse.Testing;
using Bourse.ClientAccess.Auth.Ntlm;
using Bourse.ClientAccess.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.ClientAccess.Tests.Auth;

/// <summary>Extended Protection set to Required, and the handshake's lifetime.</summary>
public sealed class ExtendedProtectionEndToEndTests : IAsyncLifetime
{
    private const string Password = "Pa55word!";
    private readonly ManualTimeProvider _time = new();
    private AuthTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AuthTestServer.StartAsync(
            new()
            {
                ["Bourse:Authentication:Ntlm:ExtendedProtection"] = "Required",
                ["Bourse:Authentication:Ntlm:HandshakeTimeout"] = "00:00:30",
            },
            services => services.AddSingleton<TimeProvider>(_time));
        _server.Directory.Add("alice@bourse.test", Password);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PythonRequestsNtlmSendsAChannelBindingThatMatchesOurs()
    {
        // requests-ntlm computes tls-server-end-point from the certificate it received: a second, independent
        // implementation of RFC 5929 + MS-NLMP MsvAvChannelBindings that must agree with ours.
        var script = string.Join('\n',
            "import sys, warnings", "warnings.filterwarnings('ignore')", "import requests", "from requests_ntlm import HttpNtlmAuth",
            "s = requests.Session()", "s.trust_env = False",
            "r = s.get(sys.argv[1], auth=HttpNtlmAuth(sys.argv[2], sys.argv[3]), verify=False)", "print(r.status_code)");
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("/usr/bin/python3", "-c", script, _server.Https("/EWS/Exchange.asmx"), "alice@bourse.test", Password);
        Assert.True(exit == 0, stderr);
        Assert.Equal("200", stdout.Trim());
    }

    [Fact]
    public async Task ClientWithoutChannelBindingIsRefused()
    {
        // curl 7.88 sends no MsvAvChannelBindings.
        var (exit, stdout, _) = await ExternalProcess.RunAsync("curl", "-sS", "-k", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}",
            "--ntlm", "-u", "BOURSE\\alice:" + Password, _server.Https("/EWS/Exchange.asmx"));
        Assert.Equal(0, exit);
        Assert.Equal("401", stdout.Trim());
    }

    [Fact]
    public async Task NtlmIsNotOfferedOverPlainHttpWhenRequired()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpPort, tls: false);
        var response = await connection.SendAsync("GET", "/EWS/Exchange.asmx");
        Assert.Equal(401, response.Status);
        Assert.Empty(response.All("WWW-Authenticate"));
    }

    [Fact]
    public async Task ChallengeExpires()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var client = new NtlmTestClient();
        var challenge = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(client.CreateNegotiate())));
        var auth = client.CreateAuthenticate(challenge.Token("NTLM")!, "alice", "BOURSE", Md4.NtHash(Password), NtlmChannelBinding.ForCertificate(connection.ServerCertificate!));
        _time.Advance(TimeSpan.FromSeconds(31));
        var late = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(auth)));
        Assert.Equal(401, late.Status);
        Assert.Contains(_server.Logs.Lines, l => l.Contains("HandshakeExpired", StringComparison.Ordinal));
    }
}
