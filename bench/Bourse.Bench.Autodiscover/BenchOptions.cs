using System.Globalization;

namespace Bourse.Bench.Autodiscover;

/// <summary>Load settings: bounded in time and in count.</summary>
internal sealed record BenchOptions(
    int Connections,
    int Seconds,
    int WarmupSeconds,
    int MaxRequests,
    int HashIterations,
    int Rounds,
    int SettleSeconds,
    bool Pin,
    TrivialRequestKind TrivialRequest,
    bool Help)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Bourse.Bench.Autodiscover -- [options]
          --connections N      keep-alive HTTP/1.1 TLS connections, one per worker (8)
          --seconds N          length of each measured run (5)
          --warmup N           warm-up per endpoint before the first round (5)
          --rounds N           measured rounds, POX and trivial alternating; medians are reported (3)
          --settle N           unmeasured load on an endpoint right before each of its measured runs (1)
          --max-requests N     request budget of one measured run (200000)
          --trivial-request K  what the trivial endpoint is sent: 'same' (the POX request: POST, Basic header and
                               body, default) or 'get' (a bare GET /, the baseline of the first reports)
          --pin                servers on CPU 0, the load generator on CPU 1 (taskset); default: all share both
          --hash-iterations N  PBKDF2 iterations of the bench user's password (210000)
        BENCH_SERVER_ENV="K=V;K=V" adds environment variables to both server processes (ablations, profiling).
        """;

    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
        }

        var trivial = Array.IndexOf(args, "--trivial-request") is var t and >= 0 && t + 1 < args.Length &&
            args[t + 1].Equals("get", StringComparison.OrdinalIgnoreCase)
            ? TrivialRequestKind.Get
            : TrivialRequestKind.Same;
        return new BenchOptions(
            Connections: Math.Min(Get("--connections", 8), 64),
            Seconds: Math.Min(Get("--seconds", 5), 120),
            // Long enough for tiered JIT to settle in the server (its own code is not precompiled, ASP.NET Core's is): with
            // 1 s on two cores the first seconds of the run measure the JIT rather than the request path.
            WarmupSeconds: Math.Min(Get("--warmup", 5), 30),
            MaxRequests: Get("--max-requests", 200_000),
            HashIterations: Get("--hash-iterations", 210_000),
            Rounds: Math.Min(Get("--rounds", 3), 20),
            // Each server idles while the other is measured; a second of load first lets it pick up again (thread pool,
            // tiered JIT catching up with what it queued) so that the measured seconds are steady state for both.
            SettleSeconds: Array.IndexOf(args, "--settle") is var s and >= 0 && s + 1 < args.Length && args[s + 1] == "0" ? 0 : Math.Min(Get("--settle", 1), 10),
            Pin: args.Contains("--pin"),
            TrivialRequest: trivial,
            Help: args.Contains("--help") || args.Contains("-h"));
    }
}

/// <summary>What the trivial endpoint is sent.</summary>
internal enum TrivialRequestKind
{
    /// <summary>Byte for byte the POX request (method, headers, body): only the server's work differs.</summary>
    Same,

    /// <summary>A bare <c>GET /</c> with no credentials and no body.</summary>
    Get,
}
