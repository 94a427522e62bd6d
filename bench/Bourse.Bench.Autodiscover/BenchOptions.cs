using System.Globalization;

namespace Bourse.Bench.Autodiscover;

/// <summary>Load settings: bounded in time and in count.</summary>
internal sealed record BenchOptions(int Connections, int Seconds, int WarmupSeconds, int MaxRequests, int HashIterations)
{
    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
        }

        return new BenchOptions(
            Connections: Math.Min(Get("--connections", 8), 64),
            Seconds: Math.Min(Get("--seconds", 5), 60),
            // Long enough for tiered JIT to settle in the server (its own code is not precompiled, ASP.NET Core's is): with
            // 1 s on two cores the first seconds of the run measure the JIT rather than the request path.
            WarmupSeconds: Math.Min(Get("--warmup", 5), 10),
            MaxRequests: Get("--max-requests", 200_000),
            HashIterations: Get("--hash-iterations", 210_000));
    }
}
