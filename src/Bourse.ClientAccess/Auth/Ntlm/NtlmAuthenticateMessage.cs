using System.Buffers.Binary;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>MS-NLMP 2.2.1.3 AUTHENTICATE_MESSAGE, as received (raw bytes kept for the MIC).</summary>
internal sealed record NtlmAuthenticateMessage(
    NtlmNegotiateFlags Flags,
    byte[] LmChallengeResponse,
    byte[] NtChallengeResponse,
    string DomainName,
    string UserName,
    string Workstation,
    byte[] EncryptedRandomSessionKey,
    NtlmVersion? Version,
    bool HasMicField,
    byte[] Raw)
{
    // MS-NLMP 2.2.1.3: Signature(8) MessageType(4) LmChallengeResponseFields(8) NtChallengeResponseFields(8)
    // DomainNameFields(8) UserNameFields(8) WorkstationFields(8) EncryptedRandomSessionKeyFields(8) NegotiateFlags(4)
    // = 64 bytes, then Version(8) and MIC(16).
    public const int FixedSize = 64;
    public const int MicOffset = 72;
    public const int MicSize = 16;
    private const int HeaderWithMic = MicOffset + MicSize;

    /// <summary>Longest user/domain/workstation name accepted (UTF-16 code units); real names are far shorter.</summary>
    public const int MaxNameLength = 512;

    public ReadOnlySpan<byte> Mic => HasMicField ? Raw.AsSpan(MicOffset, MicSize) : default;

    public static NtlmParseError TryParse(ReadOnlySpan<byte> message, out NtlmAuthenticateMessage? result)
    {
        result = null;
        var error = NtlmWire.CheckHeader(message, NtlmMessageType.Authenticate, FixedSize);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[60..]);

        // The payload starts at the lowest offset of any present field; the header (with Version and MIC when the
        // client sent them) is everything before it. MS-NLMP 2.2.1.3: Version is present when NEGOTIATE_VERSION is set.
        var lowest = int.MaxValue;
        for (var at = 12; at <= 52; at += 8)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(message[at..]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(message[(at + 4)..]);
            if (length != 0 && offset < (uint)lowest)
            {
                lowest = (int)Math.Min(offset, int.MaxValue);
            }
        }
        // MS-NLMP 2.2.1.3: Version (when NEGOTIATE_VERSION is set) and the MIC follow the fixed fields. Clients such as
        // curl echo the VERSION flag without sending the field, so both are taken as present only when the payload
        // leaves room for them; payload fields may never overlap the fixed part.
        var payloadStart = FixedSize;
        NtlmVersion? version = null;
        if ((flags & NtlmNegotiateFlags.Version) != 0 && lowest >= FixedSize + NtlmVersion.Size && message.Length >= FixedSize + NtlmVersion.Size)
        {
            version = NtlmVersion.Read(message[FixedSize..]);
        }
        // MS-NLMP 2.2.1.3: the MIC occupies bytes 72..88 when the client includes it; it can only be there when no
        // payload field starts before byte 88.
        var hasMic = lowest >= HeaderWithMic && message.Length >= HeaderWithMic;

        error = ReadBytes(message, 12, payloadStart, out var lm);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        error = ReadBytes(message, 20, payloadStart, out var nt);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        // MS-NLMP 2.2.1.3: names are Unicode when NTLMSSP_NEGOTIATE_UNICODE is set, else OEM.
        var unicode = (flags & NtlmNegotiateFlags.Unicode) != 0;
        error = ReadName(message, 28, payloadStart, unicode, out var domain);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        error = ReadName(message, 36, payloadStart, unicode, out var user);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        error = ReadName(message, 44, payloadStart, unicode, out var workstation);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        error = ReadBytes(message, 52, payloadStart, out var sessionKey);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        result = new NtlmAuthenticateMessage(flags, lm, nt, domain, user, workstation, sessionKey, version, hasMic, message.ToArray());
        return NtlmParseError.None;
    }

    /// <summary>Serializes the message with the MIC field (zeroed); used by test clients and to recompute the MIC.</summary>
    public static byte[] Write(
        NtlmNegotiateFlags flags,
        ReadOnlySpan<byte> lmResponse,
        ReadOnlySpan<byte> ntResponse,
        string domain,
        string user,
        string workstation,
        ReadOnlySpan<byte> encryptedRandomSessionKey,
        NtlmVersion version)
    {
        var unicode = (flags & NtlmNegotiateFlags.Unicode) != 0;
        var domainBytes = NtlmWire.EncodeString(domain, unicode);
        var userBytes = NtlmWire.EncodeString(user, unicode);
        var workstationBytes = NtlmWire.EncodeString(workstation, unicode);
        var size = HeaderWithMic + lmResponse.Length + ntResponse.Length + domainBytes.Length + userBytes.Length +
            workstationBytes.Length + encryptedRandomSessionKey.Length;
        var message = new byte[size];
        var span = message.AsSpan();
        NtlmWire.Signature.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)NtlmMessageType.Authenticate);
        var offset = HeaderWithMic;
        offset = Place(span, 28, offset, domainBytes);
        offset = Place(span, 36, offset, userBytes);
        offset = Place(span, 44, offset, workstationBytes);
        offset = Place(span, 12, offset, lmResponse);
        offset = Place(span, 20, offset, ntResponse);
        Place(span, 52, offset, encryptedRandomSessionKey);
        BinaryPrimitives.WriteUInt32LittleEndian(span[60..], (uint)(flags | NtlmNegotiateFlags.Version));
        version.Write(span[FixedSize..]);
        return message;
    }

    private static int Place(Span<byte> message, int at, int offset, ReadOnlySpan<byte> value)
    {
        NtlmWire.WriteField(message, at, value.Length == 0 ? 0 : offset, value.Length);
        value.CopyTo(message[offset..]);
        return offset + value.Length;
    }

    private static NtlmParseError ReadBytes(ReadOnlySpan<byte> message, int at, int payloadStart, out byte[] value)
    {
        value = [];
        var error = NtlmWire.ReadField(message, at, payloadStart, out var offset, out var length);
        if (error == NtlmParseError.None && length > 0)
        {
            value = message.Slice(offset, length).ToArray();
        }
        return error;
    }

    private static NtlmParseError ReadName(ReadOnlySpan<byte> message, int at, int payloadStart, bool unicode, out string value)
    {
        value = string.Empty;
        var error = NtlmWire.ReadField(message, at, payloadStart, out var offset, out var length);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        if (length > MaxNameLength * 2)
        {
            return NtlmParseError.FieldTooLong;
        }
        return NtlmWire.DecodeString(message.Slice(offset, length), unicode, out value);
    }
}
