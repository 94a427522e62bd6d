using System.Text;

namespace Bourse.ClientAccess.Routing;

/// <summary>Percent-decoding (RFC 3986 2.1) exactly once, strict UTF-8, reporting what was wrong as a value.</summary>
internal static class PercentDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes a path; '/' and '\' may not be encoded, a decoded '%' is double encoding.</summary>
    public static RouteRejection DecodePath(string raw, out string decoded)
    {
        decoded = string.Empty;
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            // Nothing encoded: the checks below apply to each character as it is, and the path decodes to itself.
            foreach (var c in raw)
            {
                if (c > 0x7E)
                {
                    return RouteRejection.NonAsciiPath;
                }
                if (c < 0x21)
                {
                    return RouteRejection.ControlCharacter;
                }
                if (c == '\\')
                {
                    return RouteRejection.Backslash;
                }
            }
            decoded = raw;
            return RouteRejection.None;
        }
        var bytes = new byte[raw.Length];
        var n = 0;
        var highBit = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            // RFC 9112 3.2: the request target is visible ASCII; Kestrel hands other octets through as Latin-1.
            if (c > 0x7E)
            {
                return RouteRejection.NonAsciiPath;
            }
            if (c < 0x21)
            {
                return RouteRejection.ControlCharacter;
            }
            // IIS maps '\' to '/' (the ProxyLogon-era trick to slip past prefix checks): never accepted.
            if (c == '\\')
            {
                return RouteRejection.Backslash;
            }
            if (c != '%')
            {
                bytes[n++] = (byte)c;
                continue;
            }
            if (!TryHexByte(raw, i + 1, out var b))
            {
                // Also IIS's %uXXXX form (MS00-078 era), which no RFC client produces.
                return RouteRejection.MalformedPercentEncoding;
            }
            i += 2;
            switch (b)
            {
                // IIS request filtering 404.11: a '%' that survives one decoding is double encoding (%252e → %2e → .).
                case (byte)'%':
                    return RouteRejection.DoubleEncoding;
                // An encoded slash would be a segment boundary the prefix match never saw.
                case (byte)'/':
                    return RouteRejection.EncodedSlash;
                case (byte)'\\':
                    return RouteRejection.Backslash;
                case < 0x20 or 0x7F:
                    return RouteRejection.ControlCharacter;
                case >= 0x80:
                    highBit = true;
                    break;
            }
            bytes[n++] = b;
        }
        if (highBit)
        {
            // CVE-2000-0884 (IIS Unicode traversal): overlong %C0%AF is not UTF-8 and is refused as such; valid
            // non-ASCII is refused too (IIS 404.12), so look-alikes such as U+FF0F can never become '/'.
            return IsStrictUtf8(bytes.AsSpan(0, n)) ? RouteRejection.NonAsciiPath : RouteRejection.InvalidUtf8;
        }
        decoded = Encoding.ASCII.GetString(bytes, 0, n);
        return RouteRejection.None;
    }

    /// <summary>Decodes a query name or value (application/x-www-form-urlencoded: '+' is a space).</summary>
    public static RouteRejection DecodeQueryComponent(string raw, out string decoded)
    {
        decoded = string.Empty;
        var bytes = new byte[raw.Length];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c is > (char)0x7E or < (char)0x21)
            {
                return RouteRejection.MalformedTarget;
            }
            if (c == '+')
            {
                bytes[n++] = (byte)' ';
            }
            else if (c != '%')
            {
                bytes[n++] = (byte)c;
            }
            else if (TryHexByte(raw, i + 1, out var b))
            {
                bytes[n++] = b;
                i += 2;
            }
            else
            {
                return RouteRejection.MalformedPercentEncoding;
            }
        }
        try
        {
            decoded = StrictUtf8.GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return RouteRejection.InvalidUtf8;
        }
        return RouteRejection.None;
    }

    /// <summary>True when text still holds a %XX escape after one decoding.</summary>
    public static bool ContainsEscape(string text)
    {
        for (var i = text.IndexOf('%'); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (TryHexByte(text, i + 1, out _))
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryHexByte(string s, int at, out byte value)
    {
        value = 0;
        if (at + 1 >= s.Length)
        {
            return false;
        }
        var hi = HexValue(s[at]);
        var lo = HexValue(s[at + 1]);
        if (hi < 0 || lo < 0)
        {
            return false;
        }
        value = (byte)((hi << 4) | lo);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsStrictUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
