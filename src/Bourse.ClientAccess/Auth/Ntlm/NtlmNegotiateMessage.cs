using System.Buffers.Binary;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>MS-NLMP 2.2.1.1 NEGOTIATE_MESSAGE, as received (raw bytes kept for the MIC).</summary>
internal sealed record NtlmNegotiateMessage(NtlmNegotiateFlags Flags, string? DomainName, string? Workstation, NtlmVersion? Version, byte[] Raw)
{
    // MS-NLMP 2.2.1.1: Signature(8) MessageType(4) NegotiateFlags(4) DomainNameFields(8) WorkstationFields(8) [Version(8)].
    private const int FieldsEnd = 32;

    public static NtlmParseError TryParse(ReadOnlySpan<byte> message, out NtlmNegotiateMessage? result)
    {
        result = null;
        // Older clients send only the first 16 bytes (no domain/workstation fields); accept that shape.
        var error = NtlmWire.CheckHeader(message, NtlmMessageType.Negotiate, 16);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[12..]);
        string? domain = null, workstation = null;
        NtlmVersion? version = null;
        if (message.Length > 16)
        {
            if (message.Length < FieldsEnd)
            {
                return NtlmParseError.Truncated;
            }
            var payloadStart = FieldsEnd;
            if ((flags & NtlmNegotiateFlags.Version) != 0)
            {
                // MS-NLMP 2.2.1.1: Version is present only when NTLMSSP_NEGOTIATE_VERSION is set.
                if (message.Length < FieldsEnd + NtlmVersion.Size)
                {
                    return NtlmParseError.Truncated;
                }
                version = NtlmVersion.Read(message[FieldsEnd..]);
                payloadStart += NtlmVersion.Size;
            }
            // MS-NLMP 2.2.1.1: DomainName and Workstation are OEM strings.
            error = ReadOemField(message, 16, payloadStart, out domain);
            if (error != NtlmParseError.None)
            {
                return error;
            }
            error = ReadOemField(message, 24, payloadStart, out workstation);
            if (error != NtlmParseError.None)
            {
                return error;
            }
        }
        result = new NtlmNegotiateMessage(flags, domain, workstation, version, message.ToArray());
        return NtlmParseError.None;
    }

    private static NtlmParseError ReadOemField(ReadOnlySpan<byte> message, int at, int payloadStart, out string? value)
    {
        value = null;
        var error = NtlmWire.ReadField(message, at, payloadStart, out var offset, out var length);
        if (error != NtlmParseError.None || length == 0)
        {
            return error;
        }
        error = NtlmWire.DecodeString(message.Slice(offset, length), unicode: false, out var text);
        value = text;
        return error;
    }
}
