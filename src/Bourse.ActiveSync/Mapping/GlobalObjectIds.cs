using System.Text;

namespace Bourse.ActiveSync.Mapping;

/// Calendar UID ⇄ PidLidGlobalObjectId (MS-OXOCAL). A UID that is the hex form of an Outlook id is decoded;
/// any other (third-party) UID is wrapped as "vCal-Uid" data (MS-OXCICAL 2.1.3.1.1.20.26); MS-ASEMAIL 3.1.4.7 gives
/// the reverse.
internal static class GlobalObjectIds
{
    /// MS-OXOCAL PidLidGlobalObjectId: the Byte Array ID every global object id starts with.
    private static ReadOnlySpan<byte> ByteArrayId => [0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00, 0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0, 0x08];

    private static ReadOnlySpan<byte> VCalUid => "vCal-Uid"u8;

    private const int HeaderLength = 40;

    /// The longest UID accepted from a device (Bourse's limit; Exchange's UIDs are 112 hex digits).
    internal const int MaxUidChars = 300;

    internal static byte[] FromUid(string uid)
    {
        if (uid.Length >= 2 * (HeaderLength + 1) && uid.Length % 2 == 0 && TryHex(uid, out var bytes)
            && bytes.AsSpan().StartsWith(ByteArrayId) && DataSize(bytes) == bytes.Length - HeaderLength)
        {
            return bytes;
        }

        var text = Encoding.UTF8.GetBytes(uid);
        var data = new byte[VCalUid.Length + 4 + text.Length + 1];
        VCalUid.CopyTo(data);
        data[VCalUid.Length] = 0x01;
        text.CopyTo(data.AsSpan(VCalUid.Length + 4));
        return Build(data);
    }

    /// A new id for an item the device created without a UID: a random GUID as the data.
    internal static byte[] NewId() => Build(Guid.NewGuid().ToByteArray());

    internal static string? ToUid(byte[]? goid)
    {
        if (goid is null || goid.Length < HeaderLength || !goid.AsSpan().StartsWith(ByteArrayId))
        {
            return goid is null ? null : Convert.ToHexString(goid);
        }

        var data = goid.AsSpan(HeaderLength);
        // MS-ASEMAIL 3.1.4.7: data that begins "vCal-Uid" holds the original UID after four more bytes, NUL-terminated.
        if (data.StartsWith(VCalUid) && data.Length >= VCalUid.Length + 4)
        {
            var text = data[(VCalUid.Length + 4)..];
            var nul = text.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul < 0 ? text : text[..nul]);
        }

        // Otherwise the instance date (bytes 16–19) is zeroed and the whole id hex-encoded.
        var copy = goid.ToArray();
        copy.AsSpan(16, 4).Clear();
        return Convert.ToHexString(copy);
    }

    private static byte[] Build(ReadOnlySpan<byte> data)
    {
        var goid = new byte[HeaderLength + data.Length];
        ByteArrayId.CopyTo(goid);
        // Instance date (4), creation time (8) and reserved (8) stay zero; then the little-endian data size.
        BitConverter.TryWriteBytes(goid.AsSpan(36, 4), data.Length);
        data.CopyTo(goid.AsSpan(HeaderLength));
        return goid;
    }

    private static int DataSize(byte[] goid) => BitConverter.ToInt32(goid, 36);

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        bytes = Convert.FromHexString(text);
        return true;
    }
}
