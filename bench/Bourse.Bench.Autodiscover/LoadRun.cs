using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Bourse.Bench.Autodiscover;

/// <summary>
/// N workers against one server, each with its own HttpClient holding one keep-alive HTTP/1.1 TLS connection, sending
/// requests back to back for a fixed time or until the request budget is spent. The connections are opened by the
/// warm-up and kept for every measured round.
/// </summary>
internal sealed class LoadRun : IDisposable
{
    private readonly List<HttpClient> _clients;
    private readonly Func<HttpRequestMessage> _make;
    private readonly Func<TimeSpan> _serverCpu;

    public LoadRun(string name, int port, Func<HttpRequestMessage> make, Func<TimeSpan> serverCpu, BenchOptions options)
    {
        Name = name;
        _make = make;
        _serverCpu = serverCpu;
        _clients = Enumerable.Range(0, options.Connections).Select(_ => new HttpClient(new SocketsHttpHandler
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
    }

    public string Name { get; }

    /// <summary>One measured run: requests, errors, rate, latency, and the CPU both sides spent on it.</summary>
    public sealed record Result(long Requests, long Errors, double PerSecond, double P50Ms, double P99Ms, TimeSpan ServerCpu, TimeSpan ClientCpu)
    {
        public double ServerMicrosecondsPerRequest => Requests > 0 ? ServerCpu.TotalMicroseconds / Requests : 0;

        public double ClientMicrosecondsPerRequest => Requests > 0 ? ClientCpu.TotalMicroseconds / Requests : 0;
    }

    public static Func<HttpRequestMessage> PoxRequest(string email, string password)
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

    public static Func<HttpRequestMessage> BareGetRequest() => () => new HttpRequestMessage(HttpMethod.Get, "/");

    /// <summary>Warm-up: connections, TLS, JIT and caches on both sides.</summary>
    public Task WarmupAsync(TimeSpan duration) => Drive(duration, long.MaxValue, null);

    public async Task<Result> MeasureAsync(TimeSpan duration, long budget)
    {
        var latencies = new List<double>[_clients.Count];
        for (var i = 0; i < latencies.Length; i++)
            latencies[i] = new List<double>(16_384);
        using var self = Process.GetCurrentProcess();
        var serverBefore = _serverCpu();
        var clientBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (requests, errors) = await Drive(duration, budget, latencies);
        var elapsed = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var clientCpu = self.TotalProcessorTime - clientBefore;
        var serverCpu = _serverCpu() - serverBefore;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(requests, errors, requests / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), serverCpu, clientCpu);
    }

    public void Dispose()
    {
        foreach (var c in _clients)
            c.Dispose();
    }

    private async Task<(long Requests, long Errors)> Drive(TimeSpan duration, long budget, List<double>[]? latencies)
    {
        long requests = 0, errors = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(_clients.Select((client, index) => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && Interlocked.Increment(ref requests) <= budget)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var request = _make();
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
        return (Math.Min(requests - _clients.Count, budget), errors);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
