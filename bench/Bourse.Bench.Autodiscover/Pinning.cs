using System.Diagnostics;

namespace Bourse.Bench.Autodiscover;

/// <summary>
/// <c>--pin</c>: the servers run on CPU 0 and the load generator on CPU 1, so neither steals the other's core. Affinity
/// is set with <c>taskset</c> at exec time: on Linux, setting it from .NET after start reaches only the main thread.
/// </summary>
internal static class Pinning
{
    public const string ServerCpus = "0";
    public const string ClientCpus = "1";
    private const string ReexecVariable = "BOURSE_BENCH_PINNED";

    /// <summary>A start info for <c>dotnet</c>, under <c>taskset -c CPUS</c> when <paramref name="cpus"/> is set.</summary>
    public static ProcessStartInfo StartInfo(string? cpus)
    {
        if (cpus is null)
            return new ProcessStartInfo("dotnet") { UseShellExecute = false };
        var info = new ProcessStartInfo("taskset") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(cpus);
        info.ArgumentList.Add("dotnet");
        return info;
    }

    /// <summary>Runs this benchmark again under <c>taskset -c 1</c> (once); null when this process is that run.</summary>
    public static async Task<int?> ReexecOnClientCpuAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable(ReexecVariable) == "1")
            return null;
        var info = StartInfo(ClientCpus);
        info.ArgumentList.Add(typeof(Pinning).Assembly.Location);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment[ReexecVariable] = "1";
        using var child = Process.Start(info)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
