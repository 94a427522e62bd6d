using System.Security.Cryptography;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>Server-side NTLMv2 check of an AUTHENTICATE_MESSAGE against the handshake it answers (MS-NLMP 3.2.5.1.2).</summary>
internal static class NtlmV2Verifier
{
    /// <summary>
    /// The login the client authenticates as, in the form the directory resolves: DOMAIN\user, or the bare user name
    /// (often user@domain) when no domain was sent.
    /// </summary>
    public static string LoginOf(NtlmAuthenticateMessage message) =>
        message.DomainName.Length == 0 ? message.UserName : message.DomainName + "\\" + message.UserName;

    /// <summary>Checks the shape of the response before any directory lookup: NTLMv1 and anonymous are refused.</summary>
    public static NtlmAuthError Precheck(NtlmAuthenticateMessage message, out NtlmV2Response? response)
    {
        response = null;
        // MS-NLMP 3.2.5.1.2: an empty UserName with empty responses is anonymous; we never allow anonymous.
        if (message.UserName.Length == 0 || message.NtChallengeResponse.Length == 0)
        {
            return NtlmAuthError.Anonymous;
        }
        // MS-NLMP 2.2.2.6: a 24-byte NtChallengeResponse is NTLMv1 (or NTLM2 session), which we refuse.
        if (message.NtChallengeResponse.Length == NtlmV2Response.NtlmV1ResponseSize)
        {
            return NtlmAuthError.NtlmV1Refused;
        }
        return NtlmV2Response.TryParse(message.NtChallengeResponse, out response) == NtlmParseError.None
            ? NtlmAuthError.None
            : NtlmAuthError.Malformed;
    }

    public static NtlmVerification Verify(
        ReadOnlySpan<byte> ntHash,
        NtlmHandshake handshake,
        NtlmAuthenticateMessage message,
        NtlmV2Response response,
        byte[]? expectedChannelBinding,
        ExtendedProtectionMode mode)
    {
        // MS-NLMP 3.3.2: ResponseKeyNT = NTOWFv2(password, user, domain) with the names exactly as the client sent them.
        var responseKeyNt = NtlmCrypto.NtowfV2(ntHash, message.UserName, message.DomainName);
        var proof = NtlmCrypto.NtProofStr(responseKeyNt, handshake.ServerChallenge, response.ClientBlob);
        // MS-NLMP 3.2.5.1.2: the server recomputes NTProofStr and compares; LMv2 is not consulted.
        if (!CryptographicOperations.FixedTimeEquals(proof, response.NtProofStr))
        {
            return NtlmVerification.Fail(NtlmAuthError.WrongResponse);
        }

        // MS-NLMP 3.2.5.1.2 / 2.2.2.1: channel bindings are inside the blob NTProofStr covers, so they are authentic here.
        var bindingError = CheckChannelBinding(response.ChannelBindings, expectedChannelBinding, mode);
        if (bindingError != NtlmAuthError.None)
        {
            return NtlmVerification.Fail(bindingError);
        }

        var keyExchangeKey = NtlmCrypto.SessionBaseKey(responseKeyNt, proof);
        var exported = NtlmCrypto.ExportedSessionKey(message.Flags, keyExchangeKey, message.EncryptedRandomSessionKey);

        // MS-NLMP 2.2.2.1: MsvAvFlags bit 0x2 says the AUTHENTICATE carries a MIC, which MUST then be verified.
        if ((response.AvFlags & 0x2) != 0)
        {
            if (!message.HasMicField)
            {
                return NtlmVerification.Fail(NtlmAuthError.MicMissing);
            }
            var mic = NtlmCrypto.Mic(exported, handshake.NegotiateMessage, handshake.ChallengeMessage, message.Raw);
            if (!CryptographicOperations.FixedTimeEquals(mic, message.Mic))
            {
                return NtlmVerification.Fail(NtlmAuthError.MicMismatch);
            }
        }
        return new NtlmVerification(NtlmAuthError.None, exported);
    }

    internal static NtlmAuthError CheckChannelBinding(byte[]? sent, byte[]? expected, ExtendedProtectionMode mode)
    {
        if (mode == ExtendedProtectionMode.Off)
        {
            return NtlmAuthError.None;
        }
        if (sent is null)
        {
            // MS-NLMP 3.2.5.1.2 / Extended Protection: absent or all-zero bindings are refused only when required.
            return mode == ExtendedProtectionMode.Required ? NtlmAuthError.ChannelBindingMissing : NtlmAuthError.None;
        }
        // A binding for a channel we cannot vouch for (plain HTTP, unknown certificate) or another channel is a relay.
        return expected is not null && CryptographicOperations.FixedTimeEquals(sent, expected)
            ? NtlmAuthError.None
            : NtlmAuthError.ChannelBindingMismatch;
    }
}
