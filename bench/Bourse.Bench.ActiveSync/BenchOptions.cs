using System.Globalization;

namespace Bourse.Bench.ActiveSync;

/// <summary>Sizes and durations, each bounded.</summary>
internal sealed record BenchOptions(int Messages, int WindowSize, int Truncation, int BodyBytes, int Connections, int Seconds, int WarmupSeconds,
    string? DataDirectory)
{
    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
        }

        var data = Array.IndexOf(args, "--data") is var d and >= 0 && d + 1 < args.Length ? args[d + 1] : null;
        return new BenchOptions(
            Messages: Math.Min(Get("--messages", 10_000), 200_000),
            WindowSize: Math.Min(Get("--window", 100), 512),
            Truncation: Get("--truncation", 5120),
            BodyBytes: Math.Min(Get("--body", 10 * 1024), 1024 * 1024),
            Connections: Math.Min(Get("--connections", 8), 64),
            Seconds: Math.Min(Get("--seconds", 5), 60),
            WarmupSeconds: Math.Min(Get("--warmup", 5), 30),
            DataDirectory: data);
    }
}
