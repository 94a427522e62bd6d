using System.Buffers;
using System.Text;

namespace Bourse.ActiveSync.Codec;

/// WBXML 1.3 encoder for ActiveSync trees. Input is built by the server, so a tree that cannot be encoded is a bug and throws.
internal static class WbxmlEncoder
{
    private static ReadOnlySpan<byte> Header =>
    [
        // MS-ASWBXML 2.1.1: version 1.3, public id 1, charset UTF-8 (106 = 0x6A), string table length 0.
        WbxmlToken.Version13, (byte)WbxmlToken.PublicIdUnknown, (byte)WbxmlToken.CharsetUtf8, 0x00,
    ];

    internal static byte[] Encode(WbxmlElement root)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(root, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    internal static void Encode(WbxmlElement root, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Header);
        byte page = 0;
        WriteElement(root, output, ref page);
    }

    private static void WriteElement(WbxmlElement element, IBufferWriter<byte> output, ref byte page)
    {
        // MS-ASWBXML 2.1.2.1: SWITCH_PAGE only when the tag's code page differs from the current one.
        if (element.Page.Number != page)
        {
            page = element.Page.Number;
            WriteByte(output, WbxmlToken.SwitchPage);
            WriteByte(output, page);
        }

        if (element.IsEmpty)
        {
            WriteByte(output, element.Token);
            return;
        }

        if ((element.Text is not null ? 1 : 0) + (element.Opaque is not null ? 1 : 0) + (element.Children.Count > 0 ? 1 : 0) > 1)
        {
            throw new InvalidOperationException($"Element {element.Namespace}:{element.Name} mixes text, opaque data and children.");
        }

        WriteByte(output, (byte)(element.Token | WbxmlToken.ContentBit));
        if (element.Text is not null)
        {
            WriteString(output, element.Text, element);
        }
        else if (element.Opaque is not null)
        {
            // MS-ASWBXML 2.1.1: binary content (MIME, ConversationId, …) travels as OPAQUE with an mb_u_int32 length.
            WriteByte(output, WbxmlToken.Opaque);
            WriteMultiByte(output, (uint)element.Opaque.Length);
            output.Write(element.Opaque);
        }
        else
        {
            foreach (var child in element.Children)
            {
                WriteElement(child, output, ref page);
            }
        }

        WriteByte(output, WbxmlToken.End);
    }

    private static void WriteString(IBufferWriter<byte> output, string text, WbxmlElement element)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Element {element.Namespace}:{element.Name} text contains NUL; use Opaque.");
        }

        var length = Encoding.UTF8.GetByteCount(text);
        var span = output.GetSpan(length + 2);
        span[0] = WbxmlToken.StrI;
        Encoding.UTF8.GetBytes(text, span[1..]);
        span[length + 1] = 0;
        output.Advance(length + 2);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    // WBXML 1.3 §5.1: mb_u_int32, most significant group first, continuation bit 0x80 on all but the last byte.
    internal static void WriteMultiByte(IBufferWriter<byte> output, uint value)
    {
        Span<byte> tmp = stackalloc byte[5];
        var i = tmp.Length;
        tmp[--i] = (byte)(value & 0x7F);
        value >>= 7;
        while (value != 0)
        {
            tmp[--i] = (byte)(0x80 | (value & 0x7F));
            value >>= 7;
        }

        output.Write(tmp[i..]);
    }
}
