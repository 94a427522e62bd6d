using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>
/// MS-NLMP 3.4.4.2 message signatures with extended session security, as SPNEGO's mechListMIC needs them
/// (MS-SPNG 3.1.5.1): the first message in each direction, sequence number 0.
/// </summary>
internal static class NtlmSigning
{
    // MS-NLMP 3.4.5.2 / 3.4.5.3: SIGNKEY and SEALKEY magic constants (NUL-terminated).
    private static readonly byte[] ClientSignMagic = Encoding.ASCII.GetBytes("session key to client-to-server signing key magic constant\0");
    private static readonly byte[] ServerSignMagic = Encoding.ASCII.GetBytes("session key to server-to-client signing key magic constant\0");
    private static readonly byte[] ClientSealMagic = Encoding.ASCII.GetBytes("session key to client-to-server sealing key magic constant\0");
    private static readonly byte[] ServerSealMagic = Encoding.ASCII.GetBytes("session key to server-to-client sealing key magic constant\0");

    /// <summary>MS-NLMP 3.4.4.2: NTLMSSP_MESSAGE_SIGNATURE = Version(1) + Checksum(8) + SeqNum(4).</summary>
    public static byte[] Sign(ReadOnlySpan<byte> exportedSessionKey, NtlmNegotiateFlags flags, bool fromClient, uint sequence, ReadOnlySpan<byte> message)
    {
        var signKey = MD5.HashData(Concat(exportedSessionKey, fromClient ? ClientSignMagic : ServerSignMagic));
        var sealKey = SealKey(exportedSessionKey, flags, fromClient);
        var data = new byte[4 + message.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(data, sequence);
        message.CopyTo(data.AsSpan(4));
        var checksum = HMACMD5.HashData(signKey, data).AsSpan(0, 8).ToArray();
        // MS-NLMP 3.4.4.2: with KEY_EXCH the checksum is further RC4-encrypted with the sealing key.
        if ((flags & NtlmNegotiateFlags.KeyExchange) != 0)
        {
            checksum = Rc4.Apply(sealKey, checksum);
        }
        var signature = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(signature, 1);
        checksum.CopyTo(signature, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(signature.AsSpan(12), sequence);
        return signature;
    }

    // MS-NLMP 3.4.5.3 SEALKEY: 128-bit uses the whole key, 56-bit its first 7 bytes, else the first 5.
    internal static byte[] SealKey(ReadOnlySpan<byte> exportedSessionKey, NtlmNegotiateFlags flags, bool fromClient)
    {
        var length = (flags & NtlmNegotiateFlags.Negotiate128) != 0 ? 16 : (flags & NtlmNegotiateFlags.Negotiate56) != 0 ? 7 : 5;
        return MD5.HashData(Concat(exportedSessionKey[..length], fromClient ? ClientSealMagic : ServerSealMagic));
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        return result;
    }
}
