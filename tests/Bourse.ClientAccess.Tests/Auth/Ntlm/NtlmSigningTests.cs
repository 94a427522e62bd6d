using Bourse.ClientAccess.Auth.Ntlm;

namespace Bourse.ClientAccess.Tests.Auth.Ntlm;

public sealed class NtlmSigningTests
{
    private static readonly byte[] Key = Convert.FromHexString("55555555555555555555555555555555");
    private const NtlmNegotiateFlags Flags = NtlmNegotiateFlags.ExtendedSessionSecurity | NtlmNegotiateFlags.KeyExchange |
        NtlmNegotiateFlags.Negotiate128 | NtlmNegotiateFlags.Seal | NtlmNegotiateFlags.Sign;

    [Fact]
    public void SealKeyAndChecksumMatchSpecExample()
    {
        // MS-NLMP 4.2.4.4 (NTLMv2 GSS_WrapEx, exported key 0x55.., sequence 0): sealing "Plaintext" (UTF-16) with the
        // client sealing key gives 54e50165bf1936dc996020c1811b0f06fb5f, and the same RC4 stream then turns the
        // HMAC checksum into 7fb38ec5c55d4976.
        var plaintext = System.Text.Encoding.Unicode.GetBytes("Plaintext");
        var rc4 = new Rc4(NtlmSigning.SealKey(Key, Flags, fromClient: true));
        var sealedText = new byte[plaintext.Length];
        rc4.Transform(plaintext, sealedText);
        Assert.Equal("54e50165bf1936dc996020c1811b0f06fb5f", Convert.ToHexStringLower(sealedText));

        var unsealed = NtlmSigning.Sign(Key, Flags & ~NtlmNegotiateFlags.KeyExchange, fromClient: true, 0, plaintext);
        var checksum = new byte[8];
        rc4.Transform(unsealed.AsSpan(4, 8), checksum);
        Assert.Equal("7fb38ec5c55d4976", Convert.ToHexStringLower(checksum));
    }

    [Fact]
    public void MicSignatureHasVersionAndSequence()
    {
        var signature = NtlmSigning.Sign(Key, Flags, fromClient: false, 0, [1, 2, 3]);
        Assert.Equal("01000000", Convert.ToHexStringLower(signature.AsSpan(0, 4)));
        Assert.Equal("00000000", Convert.ToHexStringLower(signature.AsSpan(12, 4)));
        Assert.NotEqual(signature, NtlmSigning.Sign(Key, Flags, fromClient: true, 0, [1, 2, 3]));
    }
}
