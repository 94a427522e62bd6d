using Bourse.Testing;
using System.Net;
using Bourse.ClientAccess.Auth.Ntlm;
using Bourse.ClientAccess.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.ClientAccess.Tests.Throttling;

public sealed class LockoutEndToEndTests : IAsyncLifetime
{
    private const string Password = "right-password";
    private readonly ManualTimeProvider _time = new();
    private AuthTestServer _server = null!;
    private readonly HttpClient _http = TestHttp.CreateClient();

    public async Task InitializeAsync()
    {
        _server = await AuthTestServer.StartAsync(
            new()
            {
                ["Bourse:Throttling:AccountFailureLimit"] = "3",
                ["Bourse:Throttling:AccountFailureWindow"] = "00:10:00",
                ["Bourse:Throttling:AccountLockoutDuration"] = "00:05:00",
                ["Bourse:Throttling:AddressFailureLimit"] = "8",
                ["Bourse:Throttling:AddressBlockDuration"] = "00:20:00",
            },
            services => services.AddSingleton<TimeProvider>(_time));
        _server.Directory.Add("alice@bourse.test", Password);
        _server.Directory.Add("bob@bourse.test", Password);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> BasicAsync(string login, string password, string path = "/EWS/Exchange.asmx") =>
        _http.GetAsync(_server.Https(path), TestHttp.Basic(login, password));

    [Fact]
    public async Task AccountLocksAfterNFailuresWith429AndRetryAfterWithoutCheckingThePassword()
    {
        for (var i = 0; i < 3; i++)
        {
            using var failed = await BasicAsync("alice@bourse.test", "wrong" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        var calls = _server.Directory.AuthenticateCalls;
        using var right = await BasicAsync("alice@bourse.test", Password);
        using var wrong = await BasicAsync("BOURSE\\alice", "wrong");
        // A locked account answers the same whatever the password, and the password is not even checked.
        Assert.Equal((HttpStatusCode)429, right.StatusCode);
        Assert.Equal((HttpStatusCode)429, wrong.StatusCode);
        Assert.Equal(300, right.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
        Assert.Equal(calls, _server.Directory.AuthenticateCalls);

        // Other accounts from the same address are not affected.
        using var bob = await BasicAsync("bob@bourse.test", Password);
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using var after = await BasicAsync("alice@bourse.test", Password);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ActiveSyncGets503WithRetryAfter()
    {
        for (var i = 0; i < 3; i++)
        {
            (await BasicAsync("alice@bourse.test", "wrong", "/Microsoft-Server-ActiveSync")).Dispose();
        }
        using var locked = await BasicAsync("alice@bourse.test", Password, "/Microsoft-Server-ActiveSync");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
    }

    [Fact]
    public async Task FailuresOutsideTheSlidingWindowDoNotLock()
    {
        for (var i = 0; i < 5; i++)
        {
            (await BasicAsync("alice@bourse.test", "wrong")).Dispose();
            _time.Advance(TimeSpan.FromMinutes(6));
            (await BasicAsync("alice@bourse.test", "wrong")).Dispose();
            _time.Advance(TimeSpan.FromMinutes(6));
        }
        using var ok = await BasicAsync("alice@bourse.test", Password);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task NtlmSignInToLockedAccountIsRefused()
    {
        for (var i = 0; i < 3; i++)
        {
            (await BasicAsync("alice@bourse.test", "wrong")).Dispose();
        }
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var client = new NtlmTestClient();
        var challenge = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(client.CreateNegotiate())));
        var auth = client.CreateAuthenticate(challenge.Token("NTLM")!, "alice", "BOURSE", Md4.NtHash(Password), NtlmChannelBinding.ForCertificate(connection.ServerCertificate!));
        var response = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(auth)));
        Assert.Equal(429, response.Status);
        Assert.NotNull(response.First("Retry-After"));
        Assert.Equal(0, _server.Directory.NtlmHashCalls);
    }

    [Fact]
    public async Task AddressBlockIsNotEndedBySuccessAndAppliesToEveryAccount()
    {
        // 7 failures spread over unknown accounts, a success in between, then one more failure: the address is blocked.
        for (var i = 0; i < 4; i++)
        {
            (await BasicAsync($"nobody{i}@bourse.test", "x")).Dispose();
        }
        using (var ok = await BasicAsync("bob@bourse.test", Password))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        for (var i = 4; i < 8; i++)
        {
            (await BasicAsync($"nobody{i}@bourse.test", "x")).Dispose();
        }
        using var blocked = await BasicAsync("bob@bourse.test", Password);
        Assert.Equal((HttpStatusCode)429, blocked.StatusCode);
        Assert.Equal(1200, blocked.Headers.RetryAfter!.Delta!.Value.TotalSeconds);

        // NTLM handshakes from the blocked address are refused at the first leg.
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var first = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM " + Convert.ToBase64String(new NtlmTestClient().CreateNegotiate())));
        Assert.Equal(429, first.Status);

        // Successful sign-ins during the block do not end it early.
        _time.Advance(TimeSpan.FromMinutes(19));
        using var stillBlocked = await BasicAsync("bob@bourse.test", Password);
        Assert.Equal((HttpStatusCode)429, stillBlocked.StatusCode);
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var free = await BasicAsync("bob@bourse.test", Password);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }
}
