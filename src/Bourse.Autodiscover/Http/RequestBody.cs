using Microsoft.AspNetCore.Http;

namespace Bourse.Autodiscover.Http;

// Reads a request body up to a limit; null when it is larger (the request is then refused as invalid).
internal static class RequestBody
{
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
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
}
