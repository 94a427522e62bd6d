using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bourse.Bench.Ping;

/// <summary>The real <c>bourse serve</c> process on the prepared data directory (or the bare Kestrel floor), on a free 127.0.0.1 port.</summary>
internal sealed class BourseServer : IAsyncDisposable
{
    private readonly Process _process;
    private int _disposed;

    private BourseServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<BourseServer> StartAsync(string data, PingBenchOptions options)
    {
        var environment = new Dictionary<string, string>
        {
            // The users were hashed with this many iterations; the server must not rehash them all at first sign-in.
            ["BOURSE_Bourse__PasswordHashIterations"] = options.HashIterations.ToString(CultureInfo.InvariantCulture),
            ["BOURSE_Logging__LogLevel__Default"] = "Warning",
        };
        // For ablations: extra server environment, e.g. BENCH_SERVER_ENV="DOTNET_gcServer=0;BOURSE_Bourse__ProtocolLog__Enabled=false".
        foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_SERVER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                environment[pair[..equals]] = pair[(equals + 1)..];
        }

        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = options.HoldServer
            ? [Path.Combine(AppContext.BaseDirectory, "Bourse.Bench.Ping.dll"), "--hold-server", "--port", port.ToString(CultureInfo.InvariantCulture)]
            : [Path.Combine(AppContext.BaseDirectory, "bourse.dll"), "serve", "--domain", BenchDevice.Domain, "--https", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data", data];
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("BOURSE_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_gc", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        foreach (var (k, v) in environment)
            info.Environment[k] = v;
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("TLS certificate SHA-256 fingerprint", StringComparison.Ordinal) == true)
                ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine("bourse: " + e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
        return new BourseServer(process, port);
    }

    public ProcStats Stats() => ProcStats.Read(_process.Id);

    /// <summary>Waits until the server has been (nearly) idle for <paramref name="window"/>: its CPU time grew by less than 3 % of it.</summary>
    public async Task QuietAsync(TimeSpan window, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var before = ProcStats.CpuOf(_process.Id);
        while (clock.Elapsed < limit)
        {
            await Task.Delay(window);
            var now = ProcStats.CpuOf(_process.Id);
            if ((now - before).TotalSeconds < window.TotalSeconds * 0.03)
                return;
            before = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
