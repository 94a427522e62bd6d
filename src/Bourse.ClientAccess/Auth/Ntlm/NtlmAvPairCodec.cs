using System.Buffers.Binary;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>MS-NLMP 2.2.2.1 AV_PAIR lists: parse (strict) and write.</summary>
internal static class NtlmAvPairCodec
{
    /// <summary>
    /// Parses AV pairs up to and including MsvAvEOL. Bytes after the EOL are ignored (clients pad the NTLMv2 blob).
    /// </summary>
    public static NtlmParseError TryParse(ReadOnlyMemory<byte> data, out IReadOnlyList<NtlmAvPair> pairs)
    {
        var list = new List<NtlmAvPair>();
        pairs = list;
        var span = data.Span;
        var pos = 0;
        while (true)
        {
            if (span.Length - pos < 4)
            {
                // MS-NLMP 2.2.2.1: the list MUST end with MsvAvEOL.
                return pos == span.Length ? NtlmParseError.AvPairMissingEol : NtlmParseError.AvPairTruncated;
            }
            var id = (NtlmAvId)BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]);
            var len = BinaryPrimitives.ReadUInt16LittleEndian(span[(pos + 2)..]);
            pos += 4;
            if (id == NtlmAvId.Eol)
            {
                // MS-NLMP 2.2.2.1: MsvAvEOL has AvLen 0.
                return len == 0 ? NtlmParseError.None : NtlmParseError.AvPairBadLength;
            }
            if (span.Length - pos < len)
            {
                return NtlmParseError.AvPairTruncated;
            }
            var expected = FixedLength(id);
            if (expected >= 0 && len != expected)
            {
                return NtlmParseError.AvPairBadLength;
            }
            if (IsUnicode(id) && (len & 1) != 0)
            {
                return NtlmParseError.OddUnicodeLength;
            }
            foreach (var existing in list)
            {
                // MS-NLMP 2.2.2.1: each AvId appears at most once in a list.
                if (existing.Id == id)
                {
                    return NtlmParseError.AvPairDuplicate;
                }
            }
            list.Add(new NtlmAvPair(id, data.Slice(pos, len)));
            pos += len;
        }
    }

    public static byte[] Write(IEnumerable<NtlmAvPair> pairs)
    {
        using var buffer = new MemoryStream();
        Span<byte> header = stackalloc byte[4];
        foreach (var pair in pairs)
        {
            if (pair.Id == NtlmAvId.Eol)
            {
                continue;
            }
            BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)pair.Id);
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], checked((ushort)pair.Value.Length));
            buffer.Write(header);
            buffer.Write(pair.Value.Span);
        }
        header.Clear();
        buffer.Write(header);
        return buffer.ToArray();
    }

    public static ReadOnlyMemory<byte>? Find(IReadOnlyList<NtlmAvPair> pairs, NtlmAvId id)
    {
        foreach (var pair in pairs)
        {
            if (pair.Id == id)
            {
                return pair.Value;
            }
        }
        return null;
    }

    // MS-NLMP 2.2.2.1: MsvAvFlags is 4 bytes, MsvAvTimestamp 8 (FILETIME), MsvAvChannelBindings 16 (MD5).
    private static int FixedLength(NtlmAvId id) => id switch
    {
        NtlmAvId.Flags => 4,
        NtlmAvId.Timestamp => 8,
        NtlmAvId.ChannelBindings => 16,
        _ => -1,
    };

    // MS-NLMP 2.2.2.1: the name pairs and MsvAvTargetName are UTF-16LE without terminator.
    private static bool IsUnicode(NtlmAvId id) => id is NtlmAvId.NbComputerName or NtlmAvId.NbDomainName or
        NtlmAvId.DnsComputerName or NtlmAvId.DnsDomainName or NtlmAvId.DnsTreeName or NtlmAvId.TargetName;
}
