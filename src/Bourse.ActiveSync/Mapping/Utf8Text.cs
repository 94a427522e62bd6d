using System.Text;

namespace Bourse.ActiveSync.Mapping;

/// Byte-accurate UTF-8 truncation that never splits a character, and the plain-text preview.
internal static class Utf8Text
{
    /// The number of leading chars of <paramref name="text"/> whose UTF-8 form fits in <paramref name="maxBytes"/>
    /// bytes; a surrogate pair is kept or dropped whole. Counts as Encoding.UTF8 encodes (a lone surrogate is U+FFFD, 3 bytes).
    internal static int PrefixLength(string text, long maxBytes, out long bytes)
    {
        bytes = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            int width, chars = 1;
            if (c < 0x80)
            {
                width = 1;
            }
            else if (c < 0x800)
            {
                width = 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 4;
                chars = 2;
            }
            else
            {
                width = 3;
            }

            if (bytes + width > maxBytes)
            {
                break;
            }

            bytes += width;
            i += chars;
        }

        return i;
    }

    /// The largest length at most <paramref name="max"/> that ends on a UTF-8 character boundary of <paramref name="utf8"/>.
    internal static int BoundaryAtOrBefore(ReadOnlySpan<byte> utf8, int max)
    {
        if (max >= utf8.Length)
        {
            return utf8.Length;
        }

        var n = max;
        // Step back over continuation bytes (10xxxxxx) to the start of the character that would be cut.
        while (n > 0 && (utf8[n] & 0xC0) == 0x80)
        {
            n--;
        }

        return n;
    }

    /// The first characters of a plain-text body for AirSyncBase:Preview: runs of white space become one space,
    /// leading white space is dropped, and a surrogate pair is never split.
    // MS-ASAIRS Preview (Body): Preview holds up to the requested number of characters of the body as plain text.
    internal static string Preview(string? text, int maxChars)
    {
        if (string.IsNullOrEmpty(text) || maxChars <= 0)
        {
            return "";
        }

        var sb = new StringBuilder(Math.Min(maxChars, text.Length));
        var pendingSpace = false;
        for (var i = 0; i < text.Length && sb.Length < maxChars; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
                if (sb.Length >= maxChars)
                {
                    break;
                }
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (sb.Length + 2 > maxChars)
                {
                    break;
                }

                sb.Append(c).Append(text[++i]);
                continue;
            }

            sb.Append(c);
        }

        if (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }

        return sb.ToString();
    }
}
