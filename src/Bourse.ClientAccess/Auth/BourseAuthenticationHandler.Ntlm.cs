using Microsoft.AspNetCore.Authentication;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Bourse.ClientAccess.Auth.Ntlm;
using Bourse.ClientAccess.Auth.Spnego;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Bourse.ClientAccess.Auth;

internal sealed partial class BourseAuthenticationHandler
{
    // RFC 9113 7: HTTP_1_1_REQUIRED, the error that makes clients retry connection-bound authentication on HTTP/1.1.
    private const int Http11Required = 0xd;

    private void UsePersistedNtlmIdentity(ProtocolAuthPolicy policy)
    {
        if (!Options.Ntlm.PersistOnConnection || !(NtlmOffered(policy) || NegotiateOffered(policy)))
        {
            return;
        }
        if (NtlmConnectionState.For(Context, create: false)?.Principal is { } principal)
        {
            // IIS-style connection authentication: the handshake authenticated the TCP connection.
            _result = AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }
    }

    private async Task<bool> HandleNegotiateSchemeAsync(string parameter, ProtocolAuthPolicy policy)
    {
        if (!TryDecodeToken(parameter, out var token))
        {
            AuthLog.Malformed(Logger, BourseAuthMethods.Negotiate, ClientAddress, "bad base64");
            _result = AuthenticateResult.Fail("Authentication failed.");
            return false;
        }
        // curl and python requests send bare NTLM messages under the Negotiate scheme.
        if (NtlmWire.HasSignature(token))
        {
            return await HandleNtlmTokenAsync(token, NtlmWrapping.NegotiateRaw, policy);
        }
        var error = SpnegoToken.TryParse(token, out var spnego);
        if (error != SpnegoParseError.None || spnego is null)
        {
            AuthLog.Malformed(Logger, BourseAuthMethods.Negotiate, ClientAddress, "SPNEGO " + error);
            _result = AuthenticateResult.Fail("Authentication failed.");
            return false;
        }
        if (spnego.IsInit)
        {
            if (NtlmConnectionState.For(Context, create: true) is { } initState)
            {
                initState.MechTypesDer = spnego.MechTypesDer;
            }
            if (!spnego.OffersNtlm)
            {
                // MS-SPNG 3.2.5.2: no mechanism in common (we do not offer Kerberos); fall back to the plain challenges.
                AuthLog.Malformed(Logger, BourseAuthMethods.Negotiate, ClientAddress, "SPNEGO without NTLM");
                _result = AuthenticateResult.Fail("Authentication failed.");
                return false;
            }
            if (!spnego.NtlmIsPreferred || spnego.MechToken is null)
            {
                // RFC 4178 3.2: the optimistic token is for another mechanism; select NTLM and ask for its first token.
                if (!CheckHttp11())
                {
                    return true;
                }
                WriteContinue("Negotiate " + Convert.ToBase64String(SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptIncomplete, true, [], [])), policy);
                return true;
            }
        }
        if (spnego.MechToken is not { } inner || !NtlmWire.HasSignature(inner))
        {
            AuthLog.Malformed(Logger, BourseAuthMethods.Negotiate, ClientAddress, "SPNEGO without NTLM token");
            _result = AuthenticateResult.Fail("Authentication failed.");
            return false;
        }
        return await HandleNtlmTokenAsync(inner, NtlmWrapping.Spnego, policy, spnego.MechListMic);
    }

    private async Task<bool> HandleNtlmSchemeAsync(string parameter, NtlmWrapping wrapping, ProtocolAuthPolicy policy)
    {
        if (!TryDecodeToken(parameter, out var token))
        {
            AuthLog.Malformed(Logger, BourseAuthMethods.Ntlm, ClientAddress, "bad base64");
            _result = AuthenticateResult.Fail("Authentication failed.");
            return false;
        }
        return await HandleNtlmTokenAsync(token, wrapping, policy);
    }

    private async Task<bool> HandleNtlmTokenAsync(byte[] token, NtlmWrapping wrapping, ProtocolAuthPolicy policy, byte[]? clientMechListMic = null)
    {
        if (!CheckHttp11())
        {
            return true;
        }
        var state = NtlmConnectionState.For(Context, create: true);
        if (state is null)
        {
            // Without per-connection state the handshake cannot be bound to the connection; refuse rather than guess.
            _result = AuthenticateResult.Fail("NTLM needs a connection-oriented server.");
            return false;
        }
        var type = token.Length >= 12 ? BinaryPrimitives.ReadUInt32LittleEndian(token.AsSpan(8)) : 0;
        return type switch
        {
            (uint)NtlmMessageType.Negotiate => await HandleNtlmNegotiateAsync(token, wrapping, policy, state),
            (uint)NtlmMessageType.Authenticate => await HandleNtlmAuthenticateAsync(token, wrapping, state, clientMechListMic),
            _ => MalformedNtlm(wrapping, NtlmParseError.WrongMessageType, state),
        };
    }

    private async Task<bool> HandleNtlmNegotiateAsync(byte[] token, NtlmWrapping wrapping, ProtocolAuthPolicy policy, NtlmConnectionState state)
    {
        var decision = throttle.CheckAddress(ClientAddress);
        if (!decision.Allowed)
        {
            return await RefuseThrottledAsync(decision, "(ntlm)");
        }
        var error = NtlmNegotiateMessage.TryParse(token, out var negotiate);
        if (error != NtlmParseError.None || negotiate is null)
        {
            return MalformedNtlm(wrapping, error, state);
        }
        var serverChallenge = new byte[8];
        // MS-NLMP 3.2.5.1.1: ServerChallenge is a fresh random nonce for every CHALLENGE_MESSAGE.
        RandomNumberGenerator.Fill(serverChallenge);
        var now = time.GetUtcNow();
        var server = new NtlmServerIdentity(Options.Ntlm.NetBiosDomainName, Options.Ntlm.NetBiosComputerName, Options.Ntlm.DnsDomainName, Options.Ntlm.DnsComputerName);
        var challenge = NtlmChallengeFactory.Create(negotiate, server, now, serverChallenge);
        var challengeBytes = challenge.Write();
        state.Handshake = new NtlmHandshake(negotiate.Raw, challengeBytes, serverChallenge, challenge.Flags, now);
        state.Wrapping = wrapping;
        state.Principal = null;
        var value = wrapping switch
        {
            NtlmWrapping.Ntlm => "NTLM " + Convert.ToBase64String(challengeBytes),
            NtlmWrapping.NegotiateRaw => "Negotiate " + Convert.ToBase64String(challengeBytes),
            // MS-SPNG 3.2.5.2: accept-incomplete, supportedMech NTLM, the CHALLENGE as responseToken.
            _ => "Negotiate " + Convert.ToBase64String(SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptIncomplete, true, challengeBytes, [])),
        };
        WriteContinue(value, policy);
        return true;
    }

    private async Task<bool> HandleNtlmAuthenticateAsync(byte[] token, NtlmWrapping wrapping, NtlmConnectionState state, byte[]? clientMechListMic)
    {
        var method = wrapping == NtlmWrapping.Ntlm ? BourseAuthMethods.Ntlm : BourseAuthMethods.Negotiate;
        // Each CHALLENGE is answerable once, on the connection that received it.
        var handshake = state.Handshake;
        state.Handshake = null;
        state.Principal = null;
        var error = NtlmAuthenticateMessage.TryParse(token, out var message);
        if (error != NtlmParseError.None || message is null)
        {
            return MalformedNtlm(wrapping, error, state);
        }
        var login = NtlmV2Verifier.LoginOf(message);
        if (handshake is null)
        {
            FailSignIn(method, login, null, NtlmAuthError.NoHandshake.ToString());
            return false;
        }
        if (time.GetUtcNow() - handshake.IssuedAt > Options.Ntlm.HandshakeTimeout)
        {
            FailSignIn(method, login, null, NtlmAuthError.HandshakeExpired.ToString());
            return false;
        }
        var precheck = NtlmV2Verifier.Precheck(message, out var response);
        if (precheck != NtlmAuthError.None || response is null)
        {
            FailSignIn(method, login, null, precheck.ToString());
            return false;
        }
        var (user, accountKey) = await ResolveAccountAsync(login);
        var decision = throttle.Check(accountKey, ClientAddress);
        if (!decision.Allowed)
        {
            return await RefuseThrottledAsync(decision, login);
        }
        var ntHash = user is { Enabled: true } ? await directory.GetNtlmHashAsync(login, Context.RequestAborted) : null;
        if (ntHash is null || user is null)
        {
            FailSignIn(method, login, accountKey, NtlmAuthError.UnknownUser.ToString());
            return false;
        }
        NtlmVerification verification;
        try
        {
            var expectedBinding = TlsChannelBinding.ForRequest(Context, state);
            verification = NtlmV2Verifier.Verify(ntHash, handshake, message, response, expectedBinding, Options.Ntlm.ExtendedProtection);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ntHash);
        }
        if (!verification.Succeeded)
        {
            FailSignIn(method, login, accountKey, verification.Error.ToString());
            return false;
        }
        byte[] serverMechListMic = [];
        if (wrapping == NtlmWrapping.Spnego && clientMechListMic is not null && state.MechTypesDer is { } mechTypes)
        {
            // RFC 4178 5 / MS-SPNG 3.2.5.1: verify the initiator's mechListMIC over the DER MechTypeList it sent (its
            // first signature, sequence 0) and answer with ours, signed with the NTLM session key just established.
            var expected = NtlmSigning.Sign(verification.ExportedSessionKey!, message.Flags, fromClient: true, 0, mechTypes);
            if (!CryptographicOperations.FixedTimeEquals(expected, clientMechListMic))
            {
                FailSignIn(method, login, accountKey, "mechListMIC mismatch");
                return false;
            }
            serverMechListMic = NtlmSigning.Sign(verification.ExportedSessionKey!, message.Flags, fromClient: false, 0, mechTypes);
        }
        Succeed(user, method, accountKey, login);
        if (Options.Ntlm.PersistOnConnection && _result?.Principal is { } principal)
        {
            state.Principal = principal;
        }
        if (wrapping == NtlmWrapping.Spnego)
        {
            // RFC 4559 5 / MS-SPNG: the final leg carries accept-completed back to the client on the success response.
            Response.Headers.Append(HeaderNames.WWWAuthenticate,
                "Negotiate " + Convert.ToBase64String(SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptCompleted, false, [], serverMechListMic)));
        }
        return false;
    }

    private bool MalformedNtlm(NtlmWrapping wrapping, NtlmParseError error, NtlmConnectionState state)
    {
        state.Handshake = null;
        AuthLog.Malformed(Logger, wrapping == NtlmWrapping.Ntlm ? BourseAuthMethods.Ntlm : BourseAuthMethods.Negotiate, ClientAddress, error.ToString());
        _result = AuthenticateResult.Fail("Authentication failed.");
        return false;
    }

    private void WriteContinue(string challenge, ProtocolAuthPolicy policy)
    {
        // MS-NLMP over HTTP (RFC 4559 4.2): the CHALLENGE goes back in a 401 on the same keep-alive connection.
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, challenge);
        foreach (var (name, value) in policy.ChallengeHeaders)
        {
            Response.Headers.Append(name, value);
        }
        Response.ContentLength = 0;
    }

    private bool CheckHttp11()
    {
        if (HttpProtocol.IsHttp11(Request.Protocol) || HttpProtocol.IsHttp10(Request.Protocol))
        {
            return true;
        }
        // RFC 9113 7 / RFC 4559: connection-oriented authentication cannot ride a multiplexed HTTP/2 or HTTP/3
        // connection; ask the client to retry on HTTP/1.1.
        if (Context.Features.Get<IHttpResetFeature>() is { } reset)
        {
            reset.Reset(Http11Required);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return false;
    }

    private static bool TryDecodeToken(string parameter, out byte[] token)
    {
        token = [];
        if (parameter.Length == 0 || parameter.Length > NtlmWire.MaxMessageSize * 2)
        {
            return false;
        }
        var buffer = new byte[parameter.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(parameter, buffer, out var written))
        {
            return false;
        }
        token = buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
