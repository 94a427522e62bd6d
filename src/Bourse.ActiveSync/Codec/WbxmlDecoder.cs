using System.Text;
using System.Text.Unicode;

namespace Bourse.ActiveSync.Codec;

/// Strict WBXML 1.3 decoder for ActiveSync: every malformed input yields a failure value, never an exception.
internal static class WbxmlDecoder
{
    internal static WbxmlDecodeResult Decode(ReadOnlySpan<byte> data, WbxmlLimits? limits = null)
    {
        limits ??= WbxmlLimits.Default;
        if (data.Length > limits.MaxDocumentBytes)
        {
            return WbxmlDecodeResult.Fail(WbxmlError.TooLarge, limits.MaxDocumentBytes);
        }

        var pos = 0;
        var error = ReadHeader(data, ref pos);
        if (error != WbxmlError.None)
        {
            return WbxmlDecodeResult.Fail(error, pos);
        }

        return ReadBody(data, pos, limits);
    }

    private static WbxmlError ReadHeader(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos >= data.Length)
        {
            return WbxmlError.Truncated;
        }

        // MS-ASWBXML 2.1.1: version byte 0x03 (WBXML 1.3).
        if (data[pos] != WbxmlToken.Version13)
        {
            return WbxmlError.UnsupportedVersion;
        }

        pos++;
        var error = ReadMultiByte(data, ref pos, out var publicId);
        if (error != WbxmlError.None)
        {
            return error;
        }

        // MS-ASWBXML 2.1.1: public identifier 0x01; 0 would mean an index into a string table EAS never sends.
        if (publicId != WbxmlToken.PublicIdUnknown)
        {
            pos--;
            return WbxmlError.UnsupportedPublicId;
        }

        error = ReadMultiByte(data, ref pos, out var charset);
        if (error != WbxmlError.None)
        {
            return error;
        }

        // MS-ASWBXML 2.1.1: charset 0x6A (UTF-8).
        if (charset != WbxmlToken.CharsetUtf8)
        {
            pos--;
            return WbxmlError.UnsupportedCharset;
        }

        error = ReadMultiByte(data, ref pos, out var stringTableLength);
        if (error != WbxmlError.None)
        {
            return error;
        }

        // MS-ASWBXML 2.1.1: string table length 0x00; EAS documents carry no string table.
        if (stringTableLength != 0)
        {
            pos--;
            return WbxmlError.StringTableNotAllowed;
        }

        return WbxmlError.None;
    }

    private static WbxmlDecodeResult ReadBody(ReadOnlySpan<byte> data, int pos, WbxmlLimits limits)
    {
        var page = WbxmlCodePages.Get(0)!;
        var stack = new List<WbxmlElement>(16);
        WbxmlElement? root = null;
        var elements = 0;

        while (true)
        {
            if (root is not null && stack.Count == 0)
            {
                return pos == data.Length ? WbxmlDecodeResult.Ok(root) : WbxmlDecodeResult.Fail(WbxmlError.TrailingData, pos);
            }

            if (pos >= data.Length)
            {
                return WbxmlDecodeResult.Fail(WbxmlError.Truncated, pos);
            }

            var start = pos;
            var b = data[pos];
            switch (b)
            {
                case WbxmlToken.SwitchPage:
                {
                    // MS-ASWBXML 2.1.2.1: SWITCH_PAGE is followed by one byte, the code page number (0–25).
                    if (pos + 1 >= data.Length)
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.Truncated, data.Length);
                    }

                    var next = WbxmlCodePages.Get(data[pos + 1]);
                    if (next is null)
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.UnknownCodePage, pos + 1);
                    }

                    page = next;
                    pos += 2;
                    continue;
                }

                case WbxmlToken.End:
                    if (stack.Count == 0)
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.ContentOutsideRoot, pos);
                    }

                    stack.RemoveAt(stack.Count - 1);
                    pos++;
                    continue;

                case WbxmlToken.StrI:
                {
                    if (stack.Count == 0)
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.ContentOutsideRoot, pos);
                    }

                    var rest = data[(pos + 1)..];
                    var length = rest.IndexOf((byte)0);
                    if (length < 0)
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.Truncated, data.Length);
                    }

                    var bytes = rest[..length];
                    if (!Utf8.IsValid(bytes))
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.InvalidUtf8, pos + 1);
                    }

                    var current = stack[^1];
                    if (current.Opaque is not null || current.Children.Count > 0)
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.MixedContent, pos);
                    }

                    var text = Encoding.UTF8.GetString(bytes);
                    current.Text = current.Text is null ? text : current.Text + text;
                    pos += length + 2;
                    continue;
                }

                case WbxmlToken.Opaque:
                {
                    if (stack.Count == 0)
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.ContentOutsideRoot, pos);
                    }

                    pos++;
                    var error = ReadMultiByte(data, ref pos, out var length);
                    if (error != WbxmlError.None)
                    {
                        return WbxmlDecodeResult.Fail(error, pos);
                    }

                    if (length > (uint)(data.Length - pos))
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.Truncated, data.Length);
                    }

                    var current = stack[^1];
                    if (current.Text is not null || current.Children.Count > 0)
                    {
                        return WbxmlDecodeResult.Fail(WbxmlError.MixedContent, start);
                    }

                    var bytes = data.Slice(pos, (int)length);
                    current.Opaque = current.Opaque is null ? bytes.ToArray() : [.. current.Opaque, .. bytes];
                    pos += (int)length;
                    continue;
                }

                // MS-ASWBXML 2.1.1: EAS uses only tags, inline strings and opaque data; every other global token is a violation.
                case WbxmlToken.Entity:
                    return WbxmlDecodeResult.Fail(WbxmlError.EntityNotAllowed, pos);
                case WbxmlToken.Literal or WbxmlToken.LiteralA or WbxmlToken.LiteralC or WbxmlToken.LiteralAc:
                    return WbxmlDecodeResult.Fail(WbxmlError.LiteralTagNotAllowed, pos);
                case WbxmlToken.StrT:
                    return WbxmlDecodeResult.Fail(WbxmlError.StringTableReferenceNotAllowed, pos);
                case WbxmlToken.Pi:
                    return WbxmlDecodeResult.Fail(WbxmlError.ProcessingInstructionNotAllowed, pos);
                case WbxmlToken.ExtI0 or WbxmlToken.ExtI1 or WbxmlToken.ExtI2 or WbxmlToken.ExtT0 or WbxmlToken.ExtT1
                    or WbxmlToken.ExtT2 or WbxmlToken.Ext0 or WbxmlToken.Ext1 or WbxmlToken.Ext2:
                    return WbxmlDecodeResult.Fail(WbxmlError.ExtensionNotAllowed, pos);
            }

            // MS-ASWBXML 2.1.2: EAS tags never carry attributes, so bit 0x80 is a protocol error.
            if ((b & WbxmlToken.AttributesBit) != 0)
            {
                return WbxmlDecodeResult.Fail(WbxmlError.AttributesNotAllowed, pos);
            }

            var token = (byte)(b & WbxmlToken.TagMask);
            if (page.GetName(token) is null)
            {
                return WbxmlDecodeResult.Fail(WbxmlError.UnknownTag, pos);
            }

            if (stack.Count + 1 > limits.MaxDepth)
            {
                return WbxmlDecodeResult.Fail(WbxmlError.TooDeep, pos);
            }

            if (++elements > limits.MaxElements)
            {
                return WbxmlDecodeResult.Fail(WbxmlError.TooManyElements, pos);
            }

            var element = new WbxmlElement(page, token);
            if (stack.Count == 0)
            {
                root = element;
            }
            else
            {
                var parent = stack[^1];
                if (parent.Text is not null || parent.Opaque is not null)
                {
                    return WbxmlDecodeResult.Fail(WbxmlError.MixedContent, pos);
                }

                parent.Add(element);
            }

            // WBXML 1.3 §5.8.2: bit 0x40 set means content follows, closed by END; clear means an empty element.
            if ((b & WbxmlToken.ContentBit) != 0)
            {
                stack.Add(element);
            }

            pos++;
        }
    }

    // WBXML 1.3 §5.1: mb_u_int32 is big-endian base-128, at most five bytes for 32 bits.
    internal static WbxmlError ReadMultiByte(ReadOnlySpan<byte> data, ref int pos, out uint value)
    {
        value = 0;
        for (var i = 0; i < 5; i++)
        {
            if (pos >= data.Length)
            {
                return WbxmlError.Truncated;
            }

            var b = data[pos];
            if (value > (uint.MaxValue >> 7))
            {
                return WbxmlError.IntegerOverflow;
            }

            value = (value << 7) | (uint)(b & 0x7F);
            pos++;
            if ((b & 0x80) == 0)
            {
                return WbxmlError.None;
            }
        }

        return WbxmlError.IntegerOverflow;
    }
}
