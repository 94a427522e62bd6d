using System.Diagnostics;
using System.Globalization;

namespace Bourse.Bench.Autodiscover;

/// <summary>This benchmark's own executable in <see cref="TrivialKestrel.Mode"/>, as a child process.</summary>
internal sealed class TrivialServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private TrivialServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>CPU time the server process has used so far (user and kernel).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<TrivialServerProcess> StartAsync(string pfxPath, string? cpus)
    {
        var info = Pinning.StartInfo(cpus);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.ArgumentList.Add(typeof(TrivialServerProcess).Assembly.Location);
        info.ArgumentList.Add(TrivialKestrel.Mode);
        info.ArgumentList.Add(pfxPath);
        foreach (var (k, v) in BenchEnvironment.ServerVariables())
            info.Environment[k] = v;
        var process = Process.Start(info)!;
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(TrivialKestrel.ReadyLine, StringComparison.Ordinal) == true)
                port.TrySetResult(int.Parse(e.Data.AsSpan(TrivialKestrel.ReadyLine.Length), CultureInfo.InvariantCulture));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("trivial: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new TrivialServerProcess(process, await port.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
