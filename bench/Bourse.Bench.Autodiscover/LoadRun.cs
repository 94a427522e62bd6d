using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Bourse.Bench.Autodiscover;

/// <summary>
/// N workers, each with its own HttpClient holding one keep-alive HTTP/1.1 TLS connection, sending requests back to back
/// for a fixed time (after a warm-up) or until the request budget is spent.
/// </summary>
internal static class LoadRun
{
    public sealed record Result(string Name, long Requests, long Errors, double PerSecond, double P50Ms, double P99Ms, TimeSpan? ServerCpu);

    public static Func<HttpRequestMessage> AutodiscoverRequest(string email, string password)
    {
        var body = Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">" +
            $"<Request><EMailAddress>{email}</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>");
        var authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(email + ":" + password)));
        return () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/autodiscover/autodiscover.xml") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            request.Headers.Authorization = authorization;
            return request;
        };
    }

    public static Func<HttpRequestMessage> ConstantRequest() => () => new HttpRequestMessage(HttpMethod.Get, "/");

    public static async Task<Result> RunAsync(string name, int port, Func<HttpRequestMessage> make, BenchOptions options, Func<TimeSpan>? serverCpu = null)
    {
        var clients = Enumerable.Range(0, options.Connections).Select(_ => new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}/"),
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
            Timeout = TimeSpan.FromSeconds(30),
        }).ToList();
        try
        {
            // Warm-up: connections, TLS, JIT and caches on both sides.
            await Drive(clients, make, TimeSpan.FromSeconds(options.WarmupSeconds), long.MaxValue, null);
            var latencies = new List<double>[clients.Count];
            for (var i = 0; i < latencies.Length; i++)
                latencies[i] = new List<double>(16_384);
            var cpuBefore = serverCpu?.Invoke();
            var clock = Stopwatch.StartNew();
            var (requests, errors) = await Drive(clients, make, TimeSpan.FromSeconds(options.Seconds), options.MaxRequests, latencies);
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = serverCpu?.Invoke() - cpuBefore;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new Result(name, requests, errors, requests / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), cpu);
        }
        finally
        {
            foreach (var c in clients)
                c.Dispose();
        }
    }

    private static async Task<(long Requests, long Errors)> Drive(List<HttpClient> clients, Func<HttpRequestMessage> make, TimeSpan duration, long budget, List<double>[]? latencies)
    {
        long requests = 0, errors = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(clients.Select((client, index) => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && Interlocked.Increment(ref requests) <= budget)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var request = make();
                    using var response = await client.SendAsync(request);
                    await response.Content.CopyToAsync(Stream.Null);
                    if (!response.IsSuccessStatusCode)
                        Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies?[index].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        // The counter overshoots by one per worker at the end (the increment that found time or budget spent).
        return (Math.Min(requests - clients.Count, budget), errors);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
