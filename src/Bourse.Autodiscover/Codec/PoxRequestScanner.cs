using System.Text;

namespace Bourse.Autodiscover.Codec;

// The fast path of PoxRequestReader: one pass over the bytes of a document in the plain form clients send (ASCII, an
// optional UTF-8 declaration, elements with namespace declarations, text without references). Anything else — comments,
// CDATA, references, DTDs, non-ASCII bytes, other declarations, prefixed attributes, a CR inside a value, and anything
// malformed — is declined (null), and the caller parses the document with SafeXml instead. So this code never decides
// that a document is bad; it only ever accepts documents that XmlReader accepts too, and extracts what the tree would
// give (PoxRequestReaderEquivalenceTests hold it to that).
internal static class PoxRequestScanner
{
    private const int MaxDepth = 32;
    private const int MaxScopes = 16;

    private static ReadOnlySpan<byte> DeclarationStart => "<?xml version=\"1.0\""u8;
    private static ReadOnlySpan<byte> EncodingUtf8 => " encoding=\"utf-8\""u8;
    private static ReadOnlySpan<byte> DeclarationEnd => "?>"u8;

    public static PoxRequestShape? TryScan(ReadOnlySpan<byte> xml)
    {
        var p = 0;
        // XML 1.0 2.8: the declaration, if any, is the very first thing. Only these two spellings are taken here.
        if (xml.StartsWith("<?"u8))
        {
            if (!xml.StartsWith(DeclarationStart))
                return null;
            p = DeclarationStart.Length;
            // The encoding name is case-insensitive (XML 1.0 4.3.3); the rest of the declaration is not.
            if (xml.Length - p >= EncodingUtf8.Length && Ascii.EqualsIgnoreCase(xml.Slice(p, EncodingUtf8.Length), EncodingUtf8) &&
                xml.Slice(p, 10).SequenceEqual(" encoding="u8))
                p += EncodingUtf8.Length;
            if (!xml[p..].StartsWith(DeclarationEnd))
                return null;
            p += DeclarationEnd.Length;
        }

        Span<Range> names = stackalloc Range[MaxDepth];
        Span<int> scopeDepth = stackalloc int[MaxScopes];
        Span<Range> scopePrefix = stackalloc Range[MaxScopes];
        Span<Range> scopeUri = stackalloc Range[MaxScopes];
        var scopes = 0;
        var depth = 0;
        var rootSeen = false;
        string? rootLocal = null, rootNamespace = null;
        var hasRequest = false;
        var inRequest = false;
        var capturing = -1;
        Span<bool> found = stackalloc bool[3];
        Span<bool> hasElements = stackalloc bool[3];
        Span<Range> text = stackalloc Range[3];

        while (true)
        {
            // Character data up to the next tag.
            var textStart = p;
            while (p < xml.Length && xml[p] != (byte)'<')
            {
                var b = xml[p];
                if (b == (byte)'&' || !IsAsciiXmlChar(b))
                    return null;
                if (b == (byte)'>' && p >= 2 && xml[p - 1] == (byte)']' && xml[p - 2] == (byte)']')
                    return null;
                p++;
            }

            var run = xml[textStart..p];
            if (depth == 0)
            {
                // Outside the root only whitespace.
                if (!IsWhitespace(run))
                    return null;
            }
            else if (capturing >= 0 && depth == 3 && !run.IsEmpty)
            {
                // XmlReader turns CR and CRLF into LF; a value holding CR is left to it.
                if (run.Contains((byte)'\r'))
                    return null;
                // Without comments, CDATA or references an element's text is one run; a second run means it holds
                // elements, and then its value is not used.
                if (text[capturing].End.Value == 0)
                    text[capturing] = textStart..p;
            }

            if (p == xml.Length)
                break;
            p++;
            if (p == xml.Length)
                return null;
            if (xml[p] == (byte)'/')
            {
                // End tag: the same qualified name as its start tag, optional whitespace, '>'.
                p++;
                var nameStart = p;
                if (!SkipQName(xml, ref p, out _))
                    return null;
                if (depth == 0 || !xml[nameStart..p].SequenceEqual(xml[names[depth - 1]]))
                    return null;
                SkipWhitespace(xml, ref p);
                if (p == xml.Length || xml[p] != (byte)'>')
                    return null;
                p++;
                EndElement(ref depth, ref scopes, scopeDepth, ref inRequest, ref capturing);
                continue;
            }

            // Start tag. '<!' (comment, CDATA, DOCTYPE) and '<?' (processing instruction) are declined.
            var qnameStart = p;
            if (!SkipQName(xml, ref p, out var colon))
                return null;
            var qname = qnameStart..p;
            if (depth >= MaxDepth || (depth == 0 && rootSeen))
                return null;
            var prefix = colon < 0 ? default : qnameStart..colon;
            var local = colon < 0 ? qname : (colon + 1)..p;
            if (colon >= 0 && IsReservedPrefix(xml[prefix]))
                return null;

            // Attributes: namespace declarations are applied; other unprefixed attributes are only checked.
            var attributesStart = p;
            var empty = false;
            while (true)
            {
                var hadSpace = SkipWhitespace(xml, ref p);
                if (p == xml.Length)
                    return null;
                if (xml[p] == (byte)'>')
                {
                    p++;
                    break;
                }

                if (xml[p] == (byte)'/')
                {
                    if (p + 1 == xml.Length || xml[p + 1] != (byte)'>')
                        return null;
                    p += 2;
                    empty = true;
                    break;
                }

                if (!hadSpace)
                    return null;
                var attrStart = p;
                if (!SkipQName(xml, ref p, out var attrColon))
                    return null;
                var attrName = xml[attrStart..p];
                if (AppearsBefore(xml[attributesStart..attrStart], attrName))
                    return null;
                SkipWhitespace(xml, ref p);
                if (p == xml.Length || xml[p] != (byte)'=')
                    return null;
                p++;
                SkipWhitespace(xml, ref p);
                if (p == xml.Length || xml[p] is not ((byte)'"' or (byte)'\''))
                    return null;
                var quote = xml[p++];
                var valueStart = p;
                while (p < xml.Length && xml[p] != quote)
                {
                    var b = xml[p];
                    // References and whitespace normalisation in attribute values are left to XmlReader.
                    if (b is (byte)'<' or (byte)'&' or (byte)'\t' or (byte)'\r' or (byte)'\n' || !IsAsciiXmlChar(b))
                        return null;
                    p++;
                }

                if (p == xml.Length)
                    return null;
                var value = valueStart..p;
                p++;

                // Namespaces in XML 1.0 3: the xml and xmlns namespace names cannot be bound by a declaration.
                if ((attrName.SequenceEqual("xmlns"u8) || attrColon >= 0) && IsReservedNamespace(xml[value]))
                    return null;
                if (attrName.SequenceEqual("xmlns"u8))
                {
                    if (!Declare(ref scopes, scopeDepth, scopePrefix, scopeUri, depth, default, value))
                        return null;
                }
                else if (attrColon >= 0)
                {
                    // Only xmlns:p="non-empty" among prefixed attributes; xml:*, p:* and the reserved prefixes are declined.
                    if (!xml[attrStart..attrColon].SequenceEqual("xmlns"u8))
                        return null;
                    var declared = (attrColon + 1)..(attrStart + attrName.Length);
                    if (IsReservedPrefix(xml[declared]) || value.End.Value == value.Start.Value)
                        return null;
                    if (!Declare(ref scopes, scopeDepth, scopePrefix, scopeUri, depth, declared, value))
                        return null;
                }
            }

            if (!Resolve(xml, scopes, scopePrefix, scopeUri, colon < 0 ? null : prefix, out var namespaceRange, out var knownNamespace))
                return null;

            // The element is well-formed so far: record what the request is made of.
            var localName = xml[local];
            if (depth == 0)
            {
                rootSeen = true;
                rootLocal = localName.SequenceEqual("Autodiscover"u8) ? "Autodiscover" : Encoding.ASCII.GetString(localName);
                rootNamespace = knownNamespace ?? (namespaceRange is { } ns ? Encoding.ASCII.GetString(xml[ns]) : string.Empty);
            }
            else if (depth == 1 && !hasRequest && localName.SequenceEqual("Request"u8))
            {
                hasRequest = true;
                inRequest = !empty;
            }
            else if (depth == 2 && inRequest && FieldOf(localName) is var field && field >= 0 && !found[field])
            {
                found[field] = true;
                capturing = empty ? -1 : field;
            }
            else if (depth == 3 && capturing >= 0)
            {
                hasElements[capturing] = true;
            }

            if (empty)
            {
                // An empty element opens and closes its own namespace scope.
                while (scopes > 0 && scopeDepth[scopes - 1] == depth)
                    scopes--;
                continue;
            }

            names[depth] = qname;
            depth++;
        }

        if (!rootSeen || depth != 0)
            return null;
        return new PoxRequestShape(
            rootLocal!,
            rootNamespace!,
            hasRequest,
            Value(xml, found[0], hasElements[0], text[0]),
            Value(xml, found[1], hasElements[1], text[1]),
            Value(xml, found[2], hasElements[2], text[2]));
    }

    private static string? Value(ReadOnlySpan<byte> xml, bool found, bool hasElements, Range text) =>
        !found || hasElements ? null : text.End.Value == 0 ? string.Empty : Encoding.ASCII.GetString(xml[text]);

    private static int FieldOf(ReadOnlySpan<byte> localName) =>
        localName.SequenceEqual("AcceptableResponseSchema"u8) ? 0
        : localName.SequenceEqual("EMailAddress"u8) ? 1
        : localName.SequenceEqual("LegacyDN"u8) ? 2
        : -1;

    private static void EndElement(ref int depth, ref int scopes, Span<int> scopeDepth, ref bool inRequest, ref int capturing)
    {
        depth--;
        while (scopes > 0 && scopeDepth[scopes - 1] == depth)
            scopes--;
        if (depth == 1)
            inRequest = false;
        else if (depth == 2)
            capturing = -1;
    }

    private static bool Declare(ref int scopes, Span<int> scopeDepth, Span<Range> scopePrefix, Span<Range> scopeUri, int depth, Range prefix, Range uri)
    {
        if (scopes == MaxScopes)
            return false;
        scopeDepth[scopes] = depth;
        scopePrefix[scopes] = prefix;
        scopeUri[scopes] = uri;
        scopes++;
        return true;
    }

    // The namespace of an element prefix (null: the default namespace), innermost declaration first; false when a prefix
    // is not declared. The two request namespaces come back as their constants, any other as a range of the input.
    private static bool Resolve(ReadOnlySpan<byte> xml, int scopes, Span<Range> scopePrefix, Span<Range> scopeUri, Range? prefix,
        out Range? uri, out string? known)
    {
        uri = null;
        known = null;
        for (var i = scopes - 1; i >= 0; i--)
        {
            var declared = scopePrefix[i];
            var isDefault = declared.End.Value == declared.Start.Value;
            if (prefix is null ? !isDefault : isDefault || !xml[declared].SequenceEqual(xml[prefix.Value]))
                continue;
            var value = xml[scopeUri[i]];
            if (value.IsEmpty)
                return prefix is null;
            uri = scopeUri[i];
            known = value.SequenceEqual("http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"u8)
                ? Protocol.AutodiscoverNamespaces.OutlookRequest
                : value.SequenceEqual("http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006"u8)
                    ? Protocol.AutodiscoverNamespaces.MobileSyncRequest
                    : null;
            return true;
        }

        return prefix is null;
    }

    // Whether attribute name occurs as a whole attribute name in the attributes already read (a duplicate is malformed).
    private static bool AppearsBefore(ReadOnlySpan<byte> before, ReadOnlySpan<byte> name)
    {
        var at = 0;
        while (true)
        {
            var i = before[at..].IndexOf(name);
            if (i < 0)
                return false;
            var start = at + i;
            var end = start + name.Length;
            // Names sit between whitespace and optional whitespace before '='; values cannot hold the delimiters checked here.
            if (start > 0 && IsWhitespaceByte(before[start - 1]) && end < before.Length && (before[end] == (byte)'=' || IsWhitespaceByte(before[end])))
                return true;
            at = start + 1;
        }
    }

    // An ASCII QName: NCName (':' NCName)?, NCName = [A-Za-z_][A-Za-z0-9._-]*. colon: the index of ':' or -1.
    private static bool SkipQName(ReadOnlySpan<byte> xml, ref int p, out int colon)
    {
        colon = -1;
        if (!SkipNcName(xml, ref p))
            return false;
        if (p < xml.Length && xml[p] == (byte)':')
        {
            colon = p;
            p++;
            return SkipNcName(xml, ref p);
        }

        return true;
    }

    private static bool SkipNcName(ReadOnlySpan<byte> xml, ref int p)
    {
        if (p == xml.Length || !(char.IsAsciiLetter((char)xml[p]) || xml[p] == (byte)'_'))
            return false;
        p++;
        while (p < xml.Length && (char.IsAsciiLetterOrDigit((char)xml[p]) || xml[p] is (byte)'.' or (byte)'_' or (byte)'-'))
            p++;
        return true;
    }

    private static bool SkipWhitespace(ReadOnlySpan<byte> xml, ref int p)
    {
        var start = p;
        while (p < xml.Length && IsWhitespaceByte(xml[p]))
            p++;
        return p > start;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> run)
    {
        foreach (var b in run)
        {
            if (!IsWhitespaceByte(b))
                return false;
        }

        return true;
    }

    // XML 1.0 2.3 S.
    private static bool IsWhitespaceByte(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    // XML 1.0 2.2 Char, restricted to ASCII.
    private static bool IsAsciiXmlChar(byte b) => b is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\r' or (byte)'\n';

    // Namespaces in XML 1.0 3: prefixes beginning with "xml" are reserved; they are left to XmlReader.
    private static bool IsReservedPrefix(ReadOnlySpan<byte> prefix) =>
        prefix.Length >= 3 && (prefix[0] | 0x20) == 'x' && (prefix[1] | 0x20) == 'm' && (prefix[2] | 0x20) == 'l';

    private static bool IsReservedNamespace(ReadOnlySpan<byte> uri) =>
        uri.SequenceEqual("http://www.w3.org/XML/1998/namespace"u8) || uri.SequenceEqual("http://www.w3.org/2000/xmlns/"u8);
}
