using Bourse.Testing;
using Bourse.ClientAccess.Auth.Ntlm;
using Bourse.ClientAccess.Auth.Spnego;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.Auth;

/// <summary>Negotiate with SPNEGO-wrapped NTLM (as Windows clients send it) over real Kestrel.</summary>
public sealed class NegotiateEndToEndTests : IAsyncLifetime
{
    private const string Password = "s3cret!";
    private AuthTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AuthTestServer.StartAsync();
        _server.Directory.Add("alice@bourse.test", Password);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Negotiate(byte[] token) => "Negotiate " + Convert.ToBase64String(token);

    private async Task<(RawHttpResponse Final, NtlmTestClient Client, byte[] MechTypes)> RunAsync(RawHttpConnection connection, bool kerberosFirst, bool tamperMic = false)
    {
        var client = new NtlmTestClient();
        var mechs = kerberosFirst ? new[] { SpnegoOids.Kerberos.ToArray(), SpnegoOids.Ntlm.ToArray() } : [SpnegoOids.Ntlm.ToArray()];
        var init = SpnegoToken.WriteNegTokenInit(mechs, kerberosFirst ? [0x60, 0x00] : client.CreateNegotiate());
        SpnegoToken.TryParse(init, out var parsedInit);
        var mechTypes = parsedInit!.MechTypesDer!;

        var first = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", Negotiate(init)));
        Assert.Equal(401, first.Status);
        Assert.Equal(SpnegoParseError.None, SpnegoToken.TryParse(first.Token("Negotiate")!, out var resp));
        Assert.Equal(SpnegoNegState.AcceptIncomplete, resp!.NegState);
        Assert.Equal(SpnegoOids.Ntlm.ToArray(), resp.SupportedMech);
        if (kerberosFirst)
        {
            // RFC 4178 3.2: NTLM selected, no token yet; the client now sends NTLM's first token.
            Assert.Null(resp.MechToken);
            var negotiate = SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptIncomplete, false, client.CreateNegotiate(), []);
            var second = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", Negotiate(negotiate)));
            Assert.Equal(401, second.Status);
            SpnegoToken.TryParse(second.Token("Negotiate")!, out resp);
        }
        var challenge = resp!.MechToken!;
        var auth = client.CreateAuthenticate(challenge, "alice", "BOURSE", Md4.NtHash(Password), NtlmChannelBinding.ForCertificate(connection.ServerCertificate!));
        var mic = NtlmSigning.Sign(client.ExportedSessionKey, client.NegotiatedFlags, fromClient: true, 0, mechTypes);
        if (tamperMic)
        {
            mic[5] ^= 1;
        }
        var final = SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptIncomplete, false, auth, mic);
        return (await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", Negotiate(final))), client, mechTypes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SpnegoWrappedNtlmCompletesWithMechListMic(bool kerberosFirst)
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var (final, client, mechTypes) = await RunAsync(connection, kerberosFirst);
        Assert.Equal(200, final.Status);
        Assert.Contains("method=Negotiate", final.Body);
        Assert.Equal(SpnegoParseError.None, SpnegoToken.TryParse(final.Token("Negotiate")!, out var done));
        Assert.Equal(SpnegoNegState.AcceptCompleted, done!.NegState);
        Assert.Equal(NtlmSigning.Sign(client.ExportedSessionKey, client.NegotiatedFlags, fromClient: false, 0, mechTypes), done.MechListMic);
    }

    [Fact]
    public async Task WrongClientMechListMicIsRefused()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var (final, _, _) = await RunAsync(connection, kerberosFirst: false, tamperMic: true);
        Assert.Equal(401, final.Status);
    }

    [Fact]
    public async Task KerberosOnlyNegotiateFallsBackToTheChallenges()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var init = SpnegoToken.WriteNegTokenInit([SpnegoOids.Kerberos.ToArray()], [0x60, 0x00]);
        var response = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", Negotiate(init)));
        Assert.Equal(401, response.Status);
        Assert.Contains("NTLM", response.All("WWW-Authenticate"));
    }

    [Fact]
    public async Task GarbageNegotiateTokenGets401NotAnError()
    {
        await using var connection = await RawHttpConnection.OpenAsync(_server.HttpsPort);
        var response = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "Negotiate YWJjZGVm"));
        Assert.Equal(401, response.Status);
        var again = await connection.SendAsync("GET", "/EWS/Exchange.asmx", ("Authorization", "NTLM TlRMTVNTUAADAAAA"));
        Assert.Equal(401, again.Status);
    }
}
