using System.Diagnostics;
using System.Text;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>Runs the real <c>bourse</c> executable (<c>dotnet bourse.dll …</c>) with a clean environment and captures its output.</summary>
internal static class BourseProcess
{
    private static readonly Lazy<string> s_dll = new(FindDll);

    public static string Dll => s_dll.Value;

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, bool redirectInput)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("BOURSE_", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    /// <summary>Runs a command to completion (killed after <paramref name="timeout"/>).</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = StartInfo(args, redirectInput: true);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bourse {string.Join(' ', args)} did not finish in time. Output: {stdout}{stderr}");
        }
        process.WaitForExit();
        lock (stdout)
        lock (stderr)
            return new CliResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null, null);

    private static string FindDll()
    {
        var nextToTests = Path.Combine(AppContext.BaseDirectory, "bourse.dll");
        if (File.Exists(nextToTests) && File.Exists(Path.Combine(AppContext.BaseDirectory, "bourse.runtimeconfig.json")))
            return nextToTests;
        // …/tests/Bourse.Server.Tests/bin/<Configuration>/<tfm>/ → …/src/Bourse.Server/bin/<Configuration>/<tfm>/bourse.dll
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        var repo = configuration.Parent!.Parent!.Parent!.Parent!;
        var candidate = Path.Combine(repo.FullName, "src", "Bourse.Server", "bin", configuration.Name, tfm.Name, "bourse.dll");
        return File.Exists(candidate) ? candidate : throw new FileNotFoundException("bourse.dll was not found next to the tests or in src/Bourse.Server/bin.");
    }
}
