using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bourse.Bench.Autodiscover;

/// <summary>The real <c>bourse</c> executable: a mailbox made with the CLI, then <c>serve</c> on a free 127.0.0.1 port.</summary>
internal sealed class BourseUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private BourseUnderTest(Process process, string data, int port)
    {
        _process = process;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>The self-signed certificate bourse created and serves; the trivial server serves it too.</summary>
    public string CertificatePath => Path.Combine(_data, "certs", "selfsigned.pfx");

    public string Email => "bench@bourse.test";

    public string Password => "Bench-Password-1";

    /// <summary>CPU time the server process has used so far (user and kernel), to report CPU per request.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<BourseUnderTest> StartAsync(BenchOptions options, string? cpus)
    {
        var data = Path.Combine(Path.GetTempPath(), "bourse-bench-autodiscover-" + Environment.ProcessId);
        System.IO.Directory.CreateDirectory(data);
        var environment = new Dictionary<string, string>
        {
            ["BOURSE_Bourse__PasswordHashIterations"] = options.HashIterations.ToString(CultureInfo.InvariantCulture),
            // The load comes from one address: keep the protocol log on (it is part of every request) but quiet the console.
            ["BOURSE_Logging__LogLevel__Default"] = "Warning",
        };
        // For ablations and profiling: extra server environment (BENCH_SERVER_ENV, see BenchEnvironment).
        foreach (var (k, v) in BenchEnvironment.ServerVariables())
            environment[k] = v;
        using (var create = Start(["mailbox", "new", "bench@bourse.test", "--password-stdin", "--data", data], environment, redirectInput: true, cpus: null))
        {
            await create.StandardInput.WriteLineAsync("Bench-Password-1");
            create.StandardInput.Close();
            await create.WaitForExitAsync();
        }
        var port = FreePort();
        var process = Start(["serve", "--domain", "bourse.test", "--https", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data", data], environment, redirectInput: false, cpus);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("TLS certificate SHA-256 fingerprint", StringComparison.Ordinal) == true)
                ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("bourse: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new BourseUnderTest(process, data, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Process Start(string[] args, Dictionary<string, string> environment, bool redirectInput, string? cpus)
    {
        var info = Pinning.StartInfo(cpus);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = redirectInput;
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bourse.dll"));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("BOURSE_", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        foreach (var (k, v) in environment)
            info.Environment[k] = v;
        return Process.Start(info)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
