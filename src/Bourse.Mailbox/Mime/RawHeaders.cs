using System.Text;
using System.Text.Unicode;

namespace Bourse.Mailbox;

/// <summary>
/// Byte-level view of an RFC 5322 header block, for what must not go through a parser and re-serializer:
/// the raw transport headers, and removing a field while keeping every other byte as it arrived.
/// </summary>
internal static class RawHeaders
{
    /// <summary>A header field's bytes (including its folded continuation lines and line ending).</summary>
    internal readonly record struct Field(int Start, int Length, string Name);

    /// <summary>
    /// The length of the header block including the empty line that ends it (RFC 5322 2.1), or the whole input when there
    /// is no empty line (a message that is only headers). LF-only line endings are accepted.
    /// </summary>
    public static int FindHeaderEnd(ReadOnlySpan<byte> mime, out int bodyStart)
    {
        var pos = 0;
        while (pos < mime.Length)
        {
            var nl = mime[pos..].IndexOf((byte)'\n');
            var lineEnd = nl < 0 ? mime.Length : pos + nl + 1;
            var line = mime[pos..lineEnd];
            if (line.Length == 1 || (line.Length == 2 && line[0] == '\r'))
            {
                bodyStart = lineEnd;
                return pos;
            }
            pos = lineEnd;
        }
        bodyStart = mime.Length;
        return mime.Length;
    }

    /// <summary>The header fields in order. Lines before the first field name or without a colon are skipped.</summary>
    public static List<Field> ReadFields(ReadOnlySpan<byte> mime)
    {
        var end = FindHeaderEnd(mime, out _);
        var block = mime[..end];
        var fields = new List<Field>();
        var pos = 0;
        int start = -1;
        string? name = null;
        while (pos < block.Length)
        {
            var nl = block[pos..].IndexOf((byte)'\n');
            var lineEnd = nl < 0 ? block.Length : pos + nl + 1;
            var first = block[pos];
            if (first is (byte)' ' or (byte)'\t')
            {
                // RFC 5322 2.2.3: a line starting with white space continues the previous field (unfolding).
                pos = lineEnd;
                continue;
            }
            if (name is not null)
                fields.Add(new Field(start, pos - start, name));
            name = null;
            var colon = block[pos..lineEnd].IndexOf((byte)':');
            if (colon > 0)
            {
                var raw = block.Slice(pos, colon).TrimEnd((byte)' ').TrimEnd((byte)'\t');
                name = Encoding.Latin1.GetString(raw);
                start = pos;
            }
            pos = lineEnd;
        }
        if (name is not null)
            fields.Add(new Field(start, pos - start, name));
        return fields;
    }

    /// <summary>
    /// Removes every field named <paramref name="fieldName"/> (case-insensitive); every other byte is kept as it was.
    /// Returns the input itself when there is no such field.
    /// </summary>
    public static ReadOnlyMemory<byte> RemoveField(ReadOnlyMemory<byte> mime, string fieldName)
    {
        var fields = ReadFields(mime.Span);
        if (!fields.Exists(f => string.Equals(f.Name, fieldName, StringComparison.OrdinalIgnoreCase)))
            return mime;
        var removed = 0;
        foreach (var f in fields)
        {
            if (string.Equals(f.Name, fieldName, StringComparison.OrdinalIgnoreCase))
                removed += f.Length;
        }
        var result = new byte[mime.Length - removed];
        var src = mime.Span;
        int read = 0, written = 0;
        foreach (var f in fields)
        {
            if (!string.Equals(f.Name, fieldName, StringComparison.OrdinalIgnoreCase))
                continue;
            src[read..f.Start].CopyTo(result.AsSpan(written));
            written += f.Start - read;
            read = f.Start + f.Length;
        }
        src[read..].CopyTo(result.AsSpan(written));
        return result;
    }

    /// <summary>The raw value of the first field named <paramref name="fieldName"/>, unfolded, or null.</summary>
    public static string? GetValue(ReadOnlySpan<byte> mime, string fieldName)
    {
        foreach (var f in ReadFields(mime))
        {
            if (!string.Equals(f.Name, fieldName, StringComparison.OrdinalIgnoreCase))
                continue;
            var raw = mime.Slice(f.Start, f.Length);
            var colon = raw.IndexOf((byte)':');
            return Unfold(Decode(raw[(colon + 1)..])).Trim();
        }
        return null;
    }

    /// <summary>Header bytes as text: UTF-8 when valid (RFC 6532), else Latin-1 so no byte is lost.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    private static string Unfold(string value) => value.Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
}
