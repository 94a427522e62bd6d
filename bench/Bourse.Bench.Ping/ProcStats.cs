using System.Globalization;

namespace Bourse.Bench.Ping;

/// <summary>
/// A process as Linux sees it from outside (/proc): resident set (working set), its anonymous part, private bytes
/// (smaps_rollup Private_Clean + Private_Dirty), OS threads (the thread pool's workers and I/O threads among them), open
/// sockets and CPU time.
/// </summary>
internal sealed record ProcStats(long RssBytes, long AnonBytes, long PrivateBytes, int Threads, int Sockets, TimeSpan Cpu)
{
    private static readonly double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux

    public static ProcStats Read(int pid)
    {
        long rss = 0, anon = 0, priv = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rss = Kb(line);
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                anon = Kb(line);
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
        }

        foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
        {
            if (line.StartsWith("Private_Clean:", StringComparison.Ordinal) || line.StartsWith("Private_Dirty:", StringComparison.Ordinal))
                priv += Kb(line);
        }

        var sockets = 0;
        foreach (var fd in System.IO.Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                    sockets++;
            }
            catch (IOException)
            {
            }
        }

        return new ProcStats(rss, anon, priv, threads, sockets, CpuOf(pid));
    }

    public static TimeSpan CpuOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static long Kb(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
    }

    public static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
