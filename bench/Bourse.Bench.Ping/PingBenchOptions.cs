using System.Globalization;

namespace Bourse.Bench.Ping;

/// <summary>What to run: how many held Pings, spread over how many load processes, and how many deliveries to time.</summary>
internal sealed record PingBenchOptions(
    int Devices,
    int DevicesPerUser,
    int Children,
    int WarmupDevices,
    int Deliveries,
    int HeartbeatSeconds,
    int HashIterations,
    string? DataDirectory,
    bool HoldServer,
    bool CompareFloor)
{
    public static PingBenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
        }

        string? GetText(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var devices = Math.Min(Get("--devices", 15_000), 18_000);
        return new PingBenchOptions(
            Devices: devices,
            // Exchange's EasMaxConcurrency (10 per user) applies: more devices per user than that would be throttled.
            DevicesPerUser: Math.Min(Get("--devices-per-user", 1), 10),
            // This machine allows 20,000 open files per process: a few thousand connections per load process.
            Children: Math.Clamp(Get("--children", Math.Max(1, (devices + 3_999) / 4_000)), 1, 32),
            WarmupDevices: Math.Min(Get("--warmup", 200), devices),
            Deliveries: Get("--deliveries", 200),
            HeartbeatSeconds: Math.Clamp(Get("--heartbeat", 1800), 60, 3540),
            HashIterations: Get("--hash-iterations", 1000),
            DataDirectory: GetText("--data"),
            // --server hold: the bare Kestrel floor instead of bourse serve (no deliveries then).
            HoldServer: GetText("--server") == "hold",
            // --floor: after bourse, the bare Kestrel floor with the same devices, and the ratio of the two.
            CompareFloor: args.Contains("--floor"));
    }
}
