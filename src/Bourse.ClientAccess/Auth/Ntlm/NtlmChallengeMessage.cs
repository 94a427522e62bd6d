using System.Buffers.Binary;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>MS-NLMP 2.2.1.2 CHALLENGE_MESSAGE.</summary>
internal sealed record NtlmChallengeMessage(
    NtlmNegotiateFlags Flags,
    byte[] ServerChallenge,
    string TargetName,
    IReadOnlyList<NtlmAvPair> TargetInfo,
    NtlmVersion? Version)
{
    // MS-NLMP 2.2.1.2: Signature(8) MessageType(4) TargetNameFields(8) NegotiateFlags(4) ServerChallenge(8)
    // Reserved(8) TargetInfoFields(8) Version(8) then the payload.
    private const int HeaderSize = 56;

    public byte[] Write()
    {
        var unicode = (Flags & NtlmNegotiateFlags.Unicode) != 0;
        var target = (Flags & NtlmNegotiateFlags.RequestTarget) != 0 ? NtlmWire.EncodeString(TargetName, unicode) : [];
        var info = (Flags & NtlmNegotiateFlags.TargetInfo) != 0 ? NtlmAvPairCodec.Write(TargetInfo) : [];
        var message = new byte[HeaderSize + target.Length + info.Length];
        var span = message.AsSpan();
        NtlmWire.Signature.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)NtlmMessageType.Challenge);
        NtlmWire.WriteField(span, 12, HeaderSize, target.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], (uint)Flags);
        ServerChallenge.AsSpan(0, 8).CopyTo(span[24..]);
        NtlmWire.WriteField(span, 40, HeaderSize + target.Length, info.Length);
        (Version ?? default).Write(span[48..]);
        target.CopyTo(span[HeaderSize..]);
        info.CopyTo(span[(HeaderSize + target.Length)..]);
        return message;
    }

    public static NtlmParseError TryParse(ReadOnlySpan<byte> message, out NtlmChallengeMessage? result)
    {
        result = null;
        // MS-NLMP 2.2.1.2: the fixed part up to TargetInfoFields is 48 bytes; Version follows when negotiated.
        var error = NtlmWire.CheckHeader(message, NtlmMessageType.Challenge, 48);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[20..]);
        var payloadStart = 48;
        NtlmVersion? version = null;
        if ((flags & NtlmNegotiateFlags.Version) != 0)
        {
            if (message.Length < HeaderSize)
            {
                return NtlmParseError.Truncated;
            }
            version = NtlmVersion.Read(message[48..]);
            payloadStart = HeaderSize;
        }
        error = NtlmWire.ReadField(message, 12, payloadStart, out var targetOffset, out var targetLength);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        error = NtlmWire.DecodeString(message.Slice(targetOffset, targetLength), (flags & NtlmNegotiateFlags.Unicode) != 0, out var targetName);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        error = NtlmWire.ReadField(message, 40, payloadStart, out var infoOffset, out var infoLength);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        IReadOnlyList<NtlmAvPair> info = [];
        if (infoLength > 0)
        {
            error = NtlmAvPairCodec.TryParse(message.Slice(infoOffset, infoLength).ToArray(), out info);
            if (error != NtlmParseError.None)
            {
                return error;
            }
        }
        result = new NtlmChallengeMessage(flags, message.Slice(24, 8).ToArray(), targetName, info, version);
        return NtlmParseError.None;
    }
}
