using System.Buffers.Binary;

namespace Bourse.Core.Ids;

/// <summary>
/// The version of an item or folder: an XID made of the mailbox's replica GUID and the 6-byte change number
/// of the last change (MS-OXCFXICS 2.2.2.2). Every protocol derives its change key from it.
/// </summary>
public readonly record struct ChangeKey(Guid Replica, long ChangeNumber)
{
    public const int Length = 22;

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        Replica.TryWriteBytes(bytes);
        WriteGlobalCounter(bytes.AsSpan(16), ChangeNumber);
        return bytes;
    }

    public string ToBase64() => Convert.ToBase64String(ToBytes());

    public static bool TryParse(ReadOnlySpan<byte> bytes, out ChangeKey key)
    {
        key = default;
        if (bytes.Length != Length)
            return false;
        key = new ChangeKey(new Guid(bytes[..16]), ReadGlobalCounter(bytes[16..]));
        return true;
    }

    public static bool TryParseBase64(string? text, out ChangeKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(text))
            return false;
        Span<byte> buf = stackalloc byte[Length + 2];
        return Convert.TryFromBase64String(text, buf, out var n) && TryParse(buf[..n], out key);
    }

    /// <summary>GLOBCNT is 6 bytes, big-endian (MS-OXCDATA 2.2.1.1).</summary>
    public static void WriteGlobalCounter(Span<byte> dest, long value)
    {
        if ((ulong)value > 0xFFFF_FFFF_FFFFUL)
            throw new ArgumentOutOfRangeException(nameof(value), "A global counter has 48 bits.");
        Span<byte> tmp = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(tmp, value);
        tmp[2..].CopyTo(dest);
    }

    public static long ReadGlobalCounter(ReadOnlySpan<byte> src)
    {
        Span<byte> tmp = stackalloc byte[8];
        src[..6].CopyTo(tmp[2..]);
        return BinaryPrimitives.ReadInt64BigEndian(tmp);
    }
}
