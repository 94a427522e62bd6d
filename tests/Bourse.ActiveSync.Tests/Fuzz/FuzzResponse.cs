using System.Diagnostics;
using System.Net.Http.Headers;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>What came back for a <see cref="FuzzRequest"/>: the HTTP answer, or how the exchange failed (no answer in time, connection dropped).</summary>
internal sealed record FuzzResponse(int Status, string? ContentType, byte[] Body, TimeSpan Elapsed, string? TransportError)
{
    /// Sends the request and waits at most <paramref name="timeout"/> for the whole answer.
    public static async Task<FuzzResponse> SendAsync(HttpClient http, FuzzRequest request, TimeSpan timeout)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), "/Microsoft-Server-ActiveSync" + (request.Query.Length > 0 ? "?" + request.Query : ""));
        if (request.Method is not ("GET" or "HEAD"))
        {
            var content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            message.Content = content;
        }

        foreach (var h in request.Headers)
            message.Headers.TryAddWithoutValidation(h.Key, h.Value);

        using var cts = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(message, cts.Token);
            var body = await response.Content.ReadAsByteArrayAsync(cts.Token);
            return new FuzzResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, clock.Elapsed, null);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return new FuzzResponse(0, null, [], clock.Elapsed, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return new FuzzResponse(0, null, [], clock.Elapsed, $"connection failed: {e.Message}");
        }
    }

    public override string ToString() => TransportError ?? $"HTTP {Status} {ContentType} {Body.Length} bytes in {Elapsed.TotalMilliseconds:0} ms";
}
