using System.Buffers.Binary;
using System.Text;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>Shared wire helpers for the MS-NLMP 2.2.1 message layouts: signature, field descriptors, strings.</summary>
internal static class NtlmWire
{
    /// <summary>Upper bound on any NTLM message we accept; real ones are a few hundred bytes.</summary>
    public const int MaxMessageSize = 16 * 1024;

    // MS-NLMP 2.2.1.1: Signature is the 8 bytes "NTLMSSP\0".
    public static ReadOnlySpan<byte> Signature => "NTLMSSP\0"u8;

    public static bool HasSignature(ReadOnlySpan<byte> message) =>
        message.Length >= Signature.Length && message[..Signature.Length].SequenceEqual(Signature);

    /// <summary>Checks signature and type of a message of at least <paramref name="minLength"/> bytes.</summary>
    public static NtlmParseError CheckHeader(ReadOnlySpan<byte> message, NtlmMessageType type, int minLength)
    {
        if (message.Length > MaxMessageSize)
        {
            return NtlmParseError.TooLarge;
        }
        var signatureLength = Math.Min(message.Length, Signature.Length);
        if (!message[..signatureLength].SequenceEqual(Signature[..signatureLength]))
        {
            return NtlmParseError.BadSignature;
        }
        if (message.Length < 12)
        {
            return NtlmParseError.Truncated;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(message[8..]) != (uint)type)
        {
            return NtlmParseError.WrongMessageType;
        }
        return message.Length < minLength ? NtlmParseError.Truncated : NtlmParseError.None;
    }

    /// <summary>
    /// Reads a (Len, MaxLen, Offset) field descriptor at <paramref name="at"/> and bounds-checks the field it points to.
    /// MS-NLMP 2.2.1: a zero Len means the field is absent (its offset is then ignored).
    /// </summary>
    public static NtlmParseError ReadField(ReadOnlySpan<byte> message, int at, int payloadStart, out int offset, out int length)
    {
        length = BinaryPrimitives.ReadUInt16LittleEndian(message[at..]);
        var rawOffset = BinaryPrimitives.ReadUInt32LittleEndian(message[(at + 4)..]);
        offset = 0;
        if (length == 0)
        {
            return NtlmParseError.None;
        }
        if (rawOffset > int.MaxValue || rawOffset + (ulong)length > (ulong)message.Length)
        {
            return NtlmParseError.FieldOutOfBounds;
        }
        if (rawOffset < payloadStart)
        {
            return NtlmParseError.FieldOverlapsHeader;
        }
        offset = (int)rawOffset;
        return NtlmParseError.None;
    }

    public static void WriteField(Span<byte> message, int at, int offset, int length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(message[at..], (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message[(at + 2)..], (ushort)length);
        BinaryPrimitives.WriteUInt32LittleEndian(message[(at + 4)..], (uint)offset);
    }

    /// <summary>Decodes a string field: UTF-16LE when Unicode was negotiated, else OEM (taken as Latin-1).</summary>
    public static NtlmParseError DecodeString(ReadOnlySpan<byte> bytes, bool unicode, out string value)
    {
        value = string.Empty;
        if (unicode)
        {
            // MS-NLMP 2.2.1.3: with NTLMSSP_NEGOTIATE_UNICODE strings are UTF-16LE, so the length is even.
            if ((bytes.Length & 1) != 0)
            {
                return NtlmParseError.OddUnicodeLength;
            }
            value = Encoding.Unicode.GetString(bytes);
        }
        else
        {
            value = Encoding.Latin1.GetString(bytes);
        }
        return NtlmParseError.None;
    }

    public static byte[] EncodeString(string value, bool unicode) =>
        unicode ? Encoding.Unicode.GetBytes(value) : Encoding.Latin1.GetBytes(value);
}
