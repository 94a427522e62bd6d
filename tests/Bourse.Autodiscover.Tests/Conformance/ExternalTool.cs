using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Bourse.Autodiscover.Tests.Conformance;

/// Runs a third-party client (python3, node) as a child process with a timeout and captures its output.
internal static class ExternalTool
{
    public static bool PythonHasExchangelib() =>
        File.Exists("/usr/bin/python3") && Run("/usr/bin/python3", ["-c", "import exchangelib"], TimeSpan.FromSeconds(30)).ExitCode == 0;

    /// The js/ folder in the source tree, where `npm ci` puts node_modules (not copied to the build output).
    public static string JsDirectory => Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "js");

    public static bool NodeHasEwsJavascriptApi() =>
        System.IO.Directory.Exists(Path.Combine(JsDirectory, "node_modules", "ews-javascript-api"))
        && Run("node", ["--version"], TimeSpan.FromSeconds(30)).ExitCode == 0;

    public static (int ExitCode, string Stdout, string Stderr) Run(
        string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                return (-1, stdout.Result, "timed out\n" + stderr.Result);
            }

            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }

    /// Runs a process asynchronously (the test host runs in the same process, so the caller must not block its thread pool).
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Task.Run(() => Run(file, args, timeout, workingDirectory, environment));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
