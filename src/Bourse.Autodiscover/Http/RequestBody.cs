using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Bourse.Autodiscover.Http;

// Reads a request body up to a limit; null when it is larger (the request is then refused as invalid).
internal static class RequestBody
{
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
            return null;
        if (request.ContentLength is { } length)
        {
            // The usual case: the length is declared (and enforced by the server), so read straight into the result.
            var body = new byte[length];
            var read = 0;
            while (read < body.Length)
            {
                var n = await request.Body.ReadAsync(body.AsMemory(read), ct);
                if (n == 0)
                    return body[..read];
                read += n;
            }

            return body;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            while (true)
            {
                var n = await request.Body.ReadAsync(chunk, ct);
                if (n == 0)
                    return buffer.ToArray();
                if (buffer.Length + n > maxBytes)
                    return null;
                buffer.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
