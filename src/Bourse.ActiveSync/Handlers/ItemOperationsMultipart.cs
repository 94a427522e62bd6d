using System.Buffers.Binary;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// The body of a multipart ItemOperations response (MS-ASCMD 2.2.1.10.1.1 MultiPartResponse): PartsCount, then one
/// PartMetaData (Offset, Length — 2.2.1.10.1.1.1) per part, then the parts. Integers are 32-bit little-endian; offsets
/// count from the start of the body. Part 0 is the WBXML response; its Part elements index the others.
/// </summary>
internal static class ItemOperationsMultipart
{
    internal const string ContentType = "application/vnd.ms-sync.multipart";

    internal static byte[] Write(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var header = 4 + (8 * parts.Count);
        var total = (long)header;
        foreach (var p in parts)
            total += p.Length;
        if (total > int.MaxValue)
            throw new InvalidOperationException("A multipart response cannot exceed 2 GB.");

        var body = new byte[total];
        BinaryPrimitives.WriteInt32LittleEndian(body, parts.Count);
        var offset = header;
        for (var i = 0; i < parts.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4 + (8 * i)), offset);
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(8 + (8 * i)), parts[i].Length);
            parts[i].Span.CopyTo(body.AsSpan(offset));
            offset += parts[i].Length;
        }

        return body;
    }
}
