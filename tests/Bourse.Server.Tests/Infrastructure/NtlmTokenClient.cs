using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>
/// A test-side NTLMv2 initiator (MS-NLMP 3.1.5), written apart from the server's codec so the two check each other. It
/// binds its AUTHENTICATE to whatever channel the test names (RFC 5929 tls-server-end-point of any certificate) or to
/// none, so it can craft the relayed and replayed tokens real clients never send.
/// </summary>
internal sealed class NtlmTokenClient
{
    // MS-NLMP 2.2.2.5: Unicode, OEM, request target, sign, seal, NTLM, always sign, extended session security, version,
    // 128-bit, key exchange, 56-bit: what a current Windows client asks for.
    private const uint Flags = 0x00000001 | 0x00000002 | 0x00000004 | 0x00000010 | 0x00000020 | 0x00000200 | 0x00008000 |
        0x00080000 | 0x02000000 | 0x20000000 | 0x40000000 | 0x80000000;
    private const uint KeyExchangeFlag = 0x40000000;
    private static readonly byte[] Signature = "NTLMSSP\0"u8.ToArray();
    private static readonly byte[] Version = [10, 0, 0x61, 0x4a, 0, 0, 0, 15];

    private byte[] _negotiate = [];

    public byte[] CreateNegotiate()
    {
        var message = new byte[40];
        Signature.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), Flags);
        Version.CopyTo(message, 32);
        _negotiate = message;
        return message;
    }

    /// <param name="channelBinding">The 16-byte MsvAvChannelBindings to send, or null to send none.</param>
    public byte[] CreateAuthenticate(byte[] challenge, string user, string domain, string password, byte[]? channelBinding)
    {
        if (challenge.Length < 48 || !challenge.AsSpan(0, 8).SequenceEqual(Signature) || BinaryPrimitives.ReadUInt32LittleEndian(challenge.AsSpan(8)) != 2)
            throw new InvalidOperationException("not an NTLM CHALLENGE_MESSAGE");
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(challenge.AsSpan(20));
        var serverChallenge = challenge.AsSpan(24, 8).ToArray();
        var infoLength = BinaryPrimitives.ReadUInt16LittleEndian(challenge.AsSpan(40));
        var infoOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(challenge.AsSpan(44));
        var pairs = ReadAvPairs(challenge.AsSpan(infoOffset, infoLength));
        var timestamp = pairs.FirstOrDefault(p => p.Id == 7).Value ?? new byte[8];

        // MS-NLMP 3.1.5.1.2: the client's AV pairs = the server's, plus MsvAvFlags (MIC present), the channel binding and
        // the SPN, then MsvAvEOL.
        var avPairs = new MemoryStream();
        foreach (var (id, value) in pairs.Where(p => p.Id != 0))
            WriteAvPair(avPairs, id, value);
        WriteAvPair(avPairs, 6, [2, 0, 0, 0]);
        if (channelBinding is not null)
            WriteAvPair(avPairs, 0x0a, channelBinding);
        WriteAvPair(avPairs, 9, Encoding.Unicode.GetBytes("HTTP/mail.bourse.test"));
        WriteAvPair(avPairs, 0, []);

        // MS-NLMP 3.3.2: temp = Responserversion, HiResponserversion, Z(6), Time, ClientChallenge, Z(4), ServerName, Z(4).
        var av = avPairs.ToArray();
        var temp = new byte[28 + av.Length + 4];
        temp[0] = 1;
        temp[1] = 1;
        timestamp.CopyTo(temp, 8);
        RandomNumberGenerator.Fill(temp.AsSpan(16, 8));
        av.CopyTo(temp, 28);

        var ntHash = Bourse.ClientAccess.Tests.Infrastructure.Md4.NtHash(password);
        var responseKey = HMACMD5.HashData(ntHash, Encoding.Unicode.GetBytes(user.ToUpperInvariant() + domain));
        var proof = HMACMD5.HashData(responseKey, serverChallenge.Concat(temp).ToArray());
        var sessionBaseKey = HMACMD5.HashData(responseKey, proof);
        var exportedKey = sessionBaseKey;
        byte[] encryptedKey = [];
        if ((flags & KeyExchangeFlag) != 0)
        {
            exportedKey = RandomNumberGenerator.GetBytes(16);
            encryptedKey = Rc4(sessionBaseKey, exportedKey);
        }

        byte[][] fields = [new byte[24], proof.Concat(temp).ToArray(), Encoding.Unicode.GetBytes(domain), Encoding.Unicode.GetBytes(user), Encoding.Unicode.GetBytes("WORKSTATION"), encryptedKey];
        var message = new byte[88 + fields.Sum(f => f.Length)];
        Signature.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 3);
        var offset = 88;
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(12 + i * 8), (ushort)fields[i].Length);
            BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(14 + i * 8), (ushort)fields[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16 + i * 8), (uint)offset);
            fields[i].CopyTo(message, offset);
            offset += fields[i].Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(60), flags);
        Version.CopyTo(message, 64);
        // MS-NLMP 3.1.5.1.2: MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE + CHALLENGE + AUTHENTICATE with a zero MIC).
        HMACMD5.HashData(exportedKey, _negotiate.Concat(challenge).Concat(message).ToArray()).CopyTo(message, 72);
        return message;
    }

    /// <summary>MS-NLMP 2.2.2.1 MsvAvChannelBindings for a TLS channel whose server presented <paramref name="certificate"/>.</summary>
    public static byte[] ChannelBindingFor(X509Certificate2 certificate)
    {
        // RFC 5929 4.1: "tls-server-end-point:" + the certificate's hash (SHA-256 for the sha256RSA certificates here).
        byte[] applicationData = [.. "tls-server-end-point:"u8, .. SHA256.HashData(certificate.RawData)];
        // RFC 2744 3.11 gss_channel_bindings_struct with empty addresses: four zero 32-bit fields, then length and data.
        var structure = new byte[20 + applicationData.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(structure.AsSpan(16), (uint)applicationData.Length);
        applicationData.CopyTo(structure, 20);
        return MD5.HashData(structure);
    }

    private static List<(ushort Id, byte[] Value)> ReadAvPairs(ReadOnlySpan<byte> data)
    {
        var pairs = new List<(ushort, byte[])>();
        while (data.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(data);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
            pairs.Add((id, data.Slice(4, length).ToArray()));
            if (id == 0)
                break;
            data = data[(4 + length)..];
        }
        return pairs;
    }

    private static void WriteAvPair(Stream into, ushort id, byte[] value)
    {
        Span<byte> head = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(head, id);
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)value.Length);
        into.Write(head);
        into.Write(value);
    }

    private static byte[] Rc4(byte[] key, byte[] data)
    {
        var s = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (int i = 0, j = 0; i < 256; i++)
        {
            j = (j + s[i] + key[i % key.Length]) & 0xff;
            (s[i], s[j]) = (s[j], s[i]);
        }
        var output = new byte[data.Length];
        for (int n = 0, i = 0, j = 0; n < data.Length; n++)
        {
            i = (i + 1) & 0xff;
            j = (j + s[i]) & 0xff;
            (s[i], s[j]) = (s[j], s[i]);
            output[n] = (byte)(data[n] ^ s[(s[i] + s[j]) & 0xff]);
        }
        return output;
    }
}
