namespace Bourse.ClientAccess.Auth.Spnego;

/// <summary>Builds DER TLVs (X.690 8.1, definite lengths) for the SPNEGO tokens.</summary>
internal static class DerWriter
{
    public static byte[] Tlv(byte tag, ReadOnlySpan<byte> content)
    {
        var lengthSize = content.Length < 0x80 ? 1 : content.Length <= 0xFF ? 2 : content.Length <= 0xFFFF ? 3 : 4;
        var result = new byte[1 + lengthSize + content.Length];
        result[0] = tag;
        if (lengthSize == 1)
        {
            result[1] = (byte)content.Length;
        }
        else
        {
            // X.690 8.1.3.5: long form, 0x80 | number of length octets, then the length big-endian.
            result[1] = (byte)(0x80 | (lengthSize - 1));
            for (var i = 0; i < lengthSize - 1; i++)
            {
                result[1 + lengthSize - 1 - i] = (byte)(content.Length >> (8 * i));
            }
        }
        content.CopyTo(result.AsSpan(1 + lengthSize));
        return result;
    }

    public static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }
        return result;
    }
}
