using System.Text;
using System.Xml;

namespace Bourse.Autodiscover.Codec;

// Writes a response document to UTF-8 bytes (no BOM, with declaration), as Exchange does.
internal static class XmlOutput
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        OmitXmlDeclaration = false,
    };

    public static byte[] Write(Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Settings))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }
}
