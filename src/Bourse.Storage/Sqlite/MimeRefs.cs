using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Bourse.Core.Properties;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// Properties whose value is, byte for byte, a range of the item's MIME: the plain-text body of an 8-bit UTF-8 or ASCII
/// part, the transport headers, an 8-bit HTML part. Such a value is stored once, in the MIME (which is kept byte-exact
/// anyway), and the item row holds a reference instead (the <c>items.mime_refs</c> column): a 10 kB message then writes
/// 10 kB, not 20 kB. Readers put the values back from the MIME (<see cref="Restore"/>).
/// <para>A reference is only made after checking that the range reproduces the value exactly (strings must also survive
/// UTF-8 unchanged), so it is never a guess about MIME structure: any producer of items with MIME benefits, and a value
/// that is not in the MIME verbatim (quoted-printable, base64, another charset, rewrapped lines) simply stays in the bag.</para>
/// Layout: one byte count, then per reference the tag id and type (uint16 each), offset and length (int32 each), little-endian.
/// </summary>
internal static class MimeRefs
{
    /// <summary>Values shorter than this stay in the bag: a reference (12 bytes) and the search would save nothing.</summary>
    public const int MinBytes = 256;

    private const int EntryLength = 12;

    private static readonly PropertyKey[] Candidates = [PropTags.Body, PropTags.Html, PropTags.TransportMessageHeaders];

    /// <summary>
    /// Finds the candidate properties of <paramref name="bag"/> in <paramref name="mime"/> and takes them out of the bag (so it
    /// can be serialized without them); returns the encoded references (null when none) and the values taken out, which
    /// the caller puts back with <see cref="PutBack"/> if it keeps using the bag.
    /// </summary>
    public static (byte[]? Refs, List<KeyValuePair<PropertyKey, PropertyValue>>? Taken) Extract(PropertyBag bag, ReadOnlySpan<byte> mime)
    {
        if (mime.Length < MinBytes)
            return (null, null);
        List<(PropertyKey Key, int Offset, int Length)>? refs = null;
        List<KeyValuePair<PropertyKey, PropertyValue>>? taken = null;
        foreach (var key in Candidates)
        {
            if (!bag.TryGet(key, out var value))
                continue;
            var at = value.TryGetUtf8(out var utf8) ? Locate(mime, utf8.Span) : value.Value switch
            {
                string s => Find(mime, s),
                byte[] b => Find(mime, b),
                _ => (Offset: -1, Length: 0),
            };
            if (at.Offset < 0)
                continue;
            (refs ??= new List<(PropertyKey, int, int)>(Candidates.Length)).Add((key, at.Offset, at.Length));
            (taken ??= new List<KeyValuePair<PropertyKey, PropertyValue>>(Candidates.Length)).Add(new(key, value));
            bag.Remove(key);
        }
        return refs is null ? (null, null) : (Encode(refs), taken);
    }

    /// <summary>Puts the values <see cref="Extract"/> took out back into <paramref name="bag"/>.</summary>
    public static void PutBack(PropertyBag bag, List<KeyValuePair<PropertyKey, PropertyValue>>? taken)
    {
        if (taken is null)
            return;
        foreach (var (key, value) in taken)
            bag.Set(key, value);
    }

    /// <summary>
    /// Sets every referenced property of <paramref name="refs"/> in <paramref name="bag"/> from <paramref name="window"/>, the
    /// MIME bytes from offset <paramref name="windowStart"/> on (a reference outside the window, damaged, is skipped).
    /// </summary>
    public static void Restore(PropertyBag bag, byte[] refs, ReadOnlySpan<byte> window, long windowStart = 0)
    {
        foreach (var (key, offset, length) in Read(refs))
        {
            var start = offset - windowStart;
            if (start < 0 || length < 0 || start > window.Length - length)
                continue;
            var slice = window.Slice((int)start, length);
            if (key.Type == PropertyType.Unicode)
                bag.Set(key, PropertyValue.Unicode(Encoding.UTF8.GetString(slice)));
            else if (key.Type == PropertyType.Binary)
                bag.Set(key, PropertyValue.Binary(slice.ToArray()));
        }
    }

    /// <summary>What a referenced value of <paramref name="length"/> bytes takes in a serialized bag (kind, tag, type, length, bytes).</summary>
    public static long SerializedLength(int length) => 1 + 2 + 2 + 4 + (long)length;

    /// <summary>The byte range of <paramref name="key"/> in the MIME, when <paramref name="refs"/> has one.</summary>
    public static (int Offset, int Length)? RangeOf(ReadOnlySpan<byte> refs, PropertyKey key)
    {
        // Read per row by the indexer and its SQL functions: the entries are scanned in place, nothing is allocated.
        if (refs.IsEmpty || key.Named is not null || key.TagId >= 0x8000 || key.Type is not (PropertyType.Unicode or PropertyType.Binary))
            return null;
        var count = Math.Min(refs[0], (refs.Length - 1) / EntryLength);
        for (var i = 0; i < count; i++)
        {
            var e = refs.Slice(1 + i * EntryLength, EntryLength);
            if (BinaryPrimitives.ReadUInt16LittleEndian(e) == key.TagId && (PropertyType)BinaryPrimitives.ReadUInt16LittleEndian(e[2..]) == key.Type)
                return (BinaryPrimitives.ReadInt32LittleEndian(e[4..]), BinaryPrimitives.ReadInt32LittleEndian(e[8..]));
        }
        return null;
    }

    /// <summary><paramref name="refs"/> without the references <paramref name="drop"/> selects; null when none remain.</summary>
    public static byte[]? Without(byte[]? refs, Func<PropertyKey, bool> drop)
    {
        var all = Read(refs);
        var kept = all.Where(r => !drop(r.Key)).ToList();
        if (kept.Count == all.Count)
            return refs;
        return kept.Count == 0 ? null : Encode(kept);
    }

    private static byte[] Encode(List<(PropertyKey Key, int Offset, int Length)> refs)
    {
        var encoded = new byte[1 + refs.Count * EntryLength];
        encoded[0] = (byte)refs.Count;
        for (var i = 0; i < refs.Count; i++)
        {
            var e = encoded.AsSpan(1 + i * EntryLength, EntryLength);
            BinaryPrimitives.WriteUInt16LittleEndian(e, refs[i].Key.TagId);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], (ushort)refs[i].Key.Type);
            BinaryPrimitives.WriteInt32LittleEndian(e[4..], refs[i].Offset);
            BinaryPrimitives.WriteInt32LittleEndian(e[8..], refs[i].Length);
        }
        return encoded;
    }

    /// <summary>The references of <paramref name="refs"/>; a damaged encoding yields the whole entries it holds.</summary>
    public static List<(PropertyKey Key, int Offset, int Length)> Read(byte[]? refs)
    {
        var list = new List<(PropertyKey, int, int)>();
        if (refs is null || refs.Length == 0)
            return list;
        var count = Math.Min(refs[0], (refs.Length - 1) / EntryLength);
        for (var i = 0; i < count; i++)
        {
            var e = refs.AsSpan(1 + i * EntryLength, EntryLength);
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(e);
            var type = (PropertyType)BinaryPrimitives.ReadUInt16LittleEndian(e[2..]);
            if (tag >= 0x8000 || type is not (PropertyType.Unicode or PropertyType.Binary))
                continue;
            list.Add((PropertyKey.FromTag(new PropertyTag(tag, type)), BinaryPrimitives.ReadInt32LittleEndian(e[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(e[8..])));
        }
        return list;
    }

    private static (int Offset, int Length) Find(ReadOnlySpan<byte> mime, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (value.Length * 1L < MinBytes / 3 || value.Length > mime.Length)
            return (-1, 0);
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            // Strict: a string that UTF-8 cannot carry unchanged (a lone surrogate) is not referenced.
            if (Utf8.FromUtf16(value, buffer, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
                return (-1, 0);
            return Find(mime, buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A value kept as UTF-8 bytes: when they are the MIME's own bytes (a mapper that read the body straight from the
    /// message), their place is known without a search; otherwise they are searched for like any value.
    /// </summary>
    private static (int Offset, int Length) Locate(ReadOnlySpan<byte> mime, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= MinBytes && mime.Overlaps(utf8, out var offset) && offset >= 0 && offset <= mime.Length - utf8.Length)
            return (offset, utf8.Length);
        return Find(mime, utf8);
    }

    private static (int Offset, int Length) Find(ReadOnlySpan<byte> mime, ReadOnlySpan<byte> value)
    {
        if (value.Length < MinBytes || value.Length > mime.Length)
            return (-1, 0);
        var at = mime.IndexOf(value);
        return at < 0 ? (-1, 0) : (at, value.Length);
    }
}
