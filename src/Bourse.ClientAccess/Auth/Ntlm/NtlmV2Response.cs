using System.Buffers.Binary;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>
/// MS-NLMP 2.2.2.8 NTLMv2_RESPONSE: NTProofStr followed by the NTLMv2_CLIENT_CHALLENGE ("temp" in 3.3.2),
/// with the client's AV pairs parsed out of it.
/// </summary>
internal sealed record NtlmV2Response(byte[] NtProofStr, byte[] ClientBlob, long Timestamp, byte[] ClientChallenge, IReadOnlyList<NtlmAvPair> AvPairs)
{
    // MS-NLMP 2.2.2.7: RespType(1) HiRespType(1) Reserved1(2) Reserved2(4) TimeStamp(8) ChallengeFromClient(8)
    // Reserved3(4) then AvPairs.
    private const int BlobFixedSize = 28;

    /// <summary>MS-NLMP 2.2.2.6: an NTLMv1 NtChallengeResponse is exactly 24 bytes.</summary>
    public const int NtlmV1ResponseSize = 24;

    public static NtlmParseError TryParse(ReadOnlyMemory<byte> ntChallengeResponse, out NtlmV2Response? result)
    {
        result = null;
        var span = ntChallengeResponse.Span;
        if (span.Length < 16 + BlobFixedSize)
        {
            return NtlmParseError.ResponseTooShort;
        }
        var blob = ntChallengeResponse[16..];
        var b = blob.Span;
        // MS-NLMP 2.2.2.7: RespType and HiRespType MUST be 0x01.
        if (b[0] != 1 || b[1] != 1)
        {
            return NtlmParseError.BadResponseVersion;
        }
        var error = NtlmAvPairCodec.TryParse(blob[BlobFixedSize..], out var pairs);
        if (error != NtlmParseError.None)
        {
            return error;
        }
        result = new NtlmV2Response(
            span[..16].ToArray(),
            blob.ToArray(),
            BinaryPrimitives.ReadInt64LittleEndian(b[8..]),
            b.Slice(16, 8).ToArray(),
            pairs);
        return NtlmParseError.None;
    }

    /// <summary>MS-NLMP 2.2.2.1 MsvAvFlags (0 when absent).</summary>
    public uint AvFlags => NtlmAvPairCodec.Find(AvPairs, NtlmAvId.Flags) is { } v ? BinaryPrimitives.ReadUInt32LittleEndian(v.Span) : 0;

    /// <summary>MS-NLMP 2.2.2.1 MsvAvChannelBindings; null when absent or all zeros (no binding offered).</summary>
    public byte[]? ChannelBindings =>
        NtlmAvPairCodec.Find(AvPairs, NtlmAvId.ChannelBindings) is { } v && v.Span.ContainsAnyExcept((byte)0) ? v.ToArray() : null;
}
