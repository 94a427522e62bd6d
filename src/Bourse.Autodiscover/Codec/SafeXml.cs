using System.Runtime.InteropServices;
using System.Xml;
using System.Xml.Linq;

namespace Bourse.Autodiscover.Codec;

// Parses request XML with no DTDs, no external resolution and a size cap; malformed input yields null.
internal static class SafeXml
{
    // Autodiscover requests are a few hundred bytes; anything past this is not a client we serve.
    public const int MaxRequestBytes = 64 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxRequestBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    public static XDocument? TryParse(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length == 0 || bytes.Length > MaxRequestBytes)
            return null;
        try
        {
            // The request body is already in its own array: read it in place rather than copying it.
            using var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(bytes.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    // The first child element with this local name, in any namespace (clients differ in how they qualify children).
    public static XElement? Child(XElement parent, string localName)
    {
        foreach (var e in parent.Elements())
        {
            if (e.Name.LocalName == localName)
                return e;
        }

        return null;
    }

    public static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName == localName);

    public static string? TrimmedValue(XElement? e, int maxLength)
    {
        if (e is null || e.HasElements)
            return null;
        var v = e.Value.Trim();
        return v.Length == 0 || v.Length > maxLength ? null : v;
    }
}
