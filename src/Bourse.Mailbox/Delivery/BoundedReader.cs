using System.Buffers;

namespace Bourse.Mailbox;

/// <summary>Reads a stream into memory but never buffers more than a limit (plus one byte to detect the overflow).</summary>
internal static class BoundedReader
{
    /// <summary>The stream's bytes, or null when it holds more than <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(Stream stream, long maxBytes, CancellationToken ct)
    {
        if (stream.CanSeek && stream.Length - stream.Position > maxBytes)
            return null;
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var initial = stream.CanSeek ? (int)Math.Min(maxBytes, Math.Max(0, stream.Length - stream.Position)) : 0;
            using var buffer = new MemoryStream(initial);
            while (true)
            {
                var room = maxBytes + 1 - buffer.Length;
                var n = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, room)), ct).ConfigureAwait(false);
                if (n == 0)
                    break;
                buffer.Write(chunk, 0, n);
                if (buffer.Length > maxBytes)
                    return null;
            }
            return buffer.TryGetBuffer(out var segment) ? segment.AsMemory() : buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
