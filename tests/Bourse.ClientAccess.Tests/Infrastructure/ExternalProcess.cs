using System.Diagnostics;

namespace Bourse.ClientAccess.Tests.Infrastructure;

/// <summary>Runs a real client (curl, python) against 127.0.0.1 with proxies disabled.</summary>
internal static class ExternalProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var name in new[] { "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy" })
        {
            info.Environment.Remove(name);
        }
        info.Environment["NO_PROXY"] = "*";
        info.Environment["no_proxy"] = "*";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public static bool Exists(string path) => File.Exists(path);
}
