using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Api;

/// <summary>Reading a request body whole, under a size cap (JSON bodies, attachment uploads).</summary>
internal static class OwaBody
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>
    /// The body, at most <paramref name="max"/> bytes: 413 TooLarge when the Content-Length or the bytes read go over it
    /// (or Kestrel's own limit stops the read), 400 when the body cannot be read. Exactly one of the two results is non-null.
    /// </summary>
    public static async Task<(MemoryStream? Body, IResult? Error)> ReadAsync(HttpContext context, long max)
    {
        var request = context.Request;
        if (max <= 0 || request.ContentLength > max)
            return (null, OwaErrors.TooLarge());
        var buffer = new MemoryStream(request.ContentLength is { } n ? (int)Math.Min(n, 1 << 20) : 8192);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ChunkBytes), context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > max)
                    return (null, OwaErrors.TooLarge());
                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            return (buffer, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, OwaErrors.TooLarge());
        }
        catch (BadHttpRequestException)
        {
            return (null, OwaErrors.BadRequest("BadRequest", "The request body could not be read."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
