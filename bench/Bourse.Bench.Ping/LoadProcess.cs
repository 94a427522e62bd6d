using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Bourse.Bench.Ping;

/// <summary>The parent's handle on one load process: commands in, answers out to the shared <see cref="AnswerBoard"/>.</summary>
internal sealed class LoadProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<TaskCompletionSource<int>> _opens = new();

    private LoadProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static LoadProcess Start(int port, int first, int count, int heartbeat, string devicesPath, AnswerBoard board)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bourse.Bench.Ping.dll"));
        foreach (var a in new[] { "--child", "--port", I(port), "--first", I(first), "--count", I(count), "--heartbeat", I(heartbeat), "--devices", devicesPath })
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info)!;
        var child = new LoadProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            var parts = e.Data.Split(' ');
            switch (parts[0])
            {
                case "resp":
                    board.Answer(int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2], long.Parse(parts[3], CultureInfo.InvariantCulture));
                    break;
                case "fail":
                    board.Fail(int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
                    break;
                case "opened" when child._opens.TryDequeue(out var waiter):
                    waiter.TrySetResult(int.Parse(parts[1], CultureInfo.InvariantCulture));
                    break;
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine($"load {process.Id}: {e.Data}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Opens <paramref name="count"/> more connections, each sending its first Ping; completes when all requests are written.</summary>
    public async Task OpenAsync(int count)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _opens.Enqueue(done);
        await _process.StandardInput.WriteLineAsync("open " + I(count));
        await _process.StandardInput.FlushAsync();
        await done.Task.WaitAsync(TimeSpan.FromMinutes(15));
    }

    /// <summary>Closes every connection (the process exits).</summary>
    public async Task QuitAsync()
    {
        if (_process.HasExited)
            return;
        await _process.StandardInput.WriteLineAsync("quit");
        await _process.StandardInput.FlushAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Every answer the devices got: counts by status, and the one a delivery is waiting for.</summary>
internal sealed class AnswerBoard
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<(string Status, long At)>> _waiting = new();
    private readonly ConcurrentDictionary<string, int> _byStatus = new();
    private int _unexpected;
    private int _failures;

    public int Unexpected => Volatile.Read(ref _unexpected);

    public int Failures => Volatile.Read(ref _failures);

    public IReadOnlyDictionary<string, int> ByStatus => _byStatus;

    public string? LastFailure { get; private set; }

    /// <summary>Starts waiting for the next answer to this device (before the delivery that should cause it).</summary>
    public Task<(string Status, long At)> Expect(int device)
    {
        var tcs = new TaskCompletionSource<(string, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[device] = tcs;
        return tcs.Task;
    }

    public void Answer(int device, string status, long at)
    {
        _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (_waiting.TryRemove(device, out var tcs))
            tcs.TrySetResult((status, at));
        else
            Interlocked.Increment(ref _unexpected);
    }

    public void Fail(int device, string reason)
    {
        Interlocked.Increment(ref _failures);
        LastFailure = $"device {device}: {reason}";
        if (_waiting.TryRemove(device, out var tcs))
            tcs.TrySetResult(("failed:" + reason, Stopwatch.GetTimestamp()));
    }
}
