using System.Security.Cryptography;
using System.Text;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>The MS-NLMP 3.3.2 NTLMv2 computations, from the NT hash (the directory's NTOWFv1) onward.</summary>
internal static class NtlmCrypto
{
    /// <summary>MS-NLMP 3.3.2: NTOWFv2 = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(Uppercase(User) + UserDom)).</summary>
    public static byte[] NtowfV2(ReadOnlySpan<byte> ntHash, string user, string domain) =>
        HMACMD5.HashData(ntHash, Encoding.Unicode.GetBytes(user.ToUpperInvariant() + domain));

    /// <summary>MS-NLMP 3.3.2: NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge + temp).</summary>
    public static byte[] NtProofStr(ReadOnlySpan<byte> responseKeyNt, ReadOnlySpan<byte> serverChallenge, ReadOnlySpan<byte> clientBlob)
    {
        var data = new byte[serverChallenge.Length + clientBlob.Length];
        serverChallenge.CopyTo(data);
        clientBlob.CopyTo(data.AsSpan(serverChallenge.Length));
        return HMACMD5.HashData(responseKeyNt, data);
    }

    /// <summary>MS-NLMP 3.3.2: SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr); for NTLMv2 KXKEY returns it unchanged (3.4.5.1).</summary>
    public static byte[] SessionBaseKey(ReadOnlySpan<byte> responseKeyNt, ReadOnlySpan<byte> ntProofStr) =>
        HMACMD5.HashData(responseKeyNt, ntProofStr);

    /// <summary>
    /// MS-NLMP 3.2.5.1.2: with NTLMSSP_NEGOTIATE_KEY_EXCH, ExportedSessionKey = RC4(KeyExchangeKey,
    /// EncryptedRandomSessionKey); otherwise it is the KeyExchangeKey.
    /// </summary>
    public static byte[] ExportedSessionKey(NtlmNegotiateFlags flags, byte[] keyExchangeKey, ReadOnlySpan<byte> encryptedRandomSessionKey) =>
        (flags & NtlmNegotiateFlags.KeyExchange) != 0 && encryptedRandomSessionKey.Length == 16
            ? Rc4.Apply(keyExchangeKey, encryptedRandomSessionKey)
            : keyExchangeKey;

    /// <summary>MS-NLMP 3.1.5.1.2: MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE + CHALLENGE + AUTHENTICATE with MIC zeroed).</summary>
    public static byte[] Mic(ReadOnlySpan<byte> exportedSessionKey, ReadOnlySpan<byte> negotiate, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> authenticate)
    {
        var data = new byte[negotiate.Length + challenge.Length + authenticate.Length];
        negotiate.CopyTo(data);
        challenge.CopyTo(data.AsSpan(negotiate.Length));
        var auth = data.AsSpan(negotiate.Length + challenge.Length);
        authenticate.CopyTo(auth);
        auth.Slice(NtlmAuthenticateMessage.MicOffset, NtlmAuthenticateMessage.MicSize).Clear();
        return HMACMD5.HashData(exportedSessionKey, data);
    }
}
