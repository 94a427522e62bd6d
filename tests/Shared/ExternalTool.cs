using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Bourse.Testing;

/// <summary>Runs a third-party client (python3, node, curl) as a child process with a timeout and captures its output.</summary>
internal static class ExternalTool
{
    private static readonly Lazy<bool> s_exchangelib = new(() =>
        File.Exists("/usr/bin/python3") && Run("/usr/bin/python3", ["-c", "import exchangelib"], TimeSpan.FromSeconds(30)).ExitCode == 0);

    private static readonly Lazy<bool> s_requestsNtlm = new(() =>
        File.Exists("/usr/bin/python3") && Run("/usr/bin/python3", ["-c", "import requests_ntlm"], TimeSpan.FromSeconds(30)).ExitCode == 0);

    private static readonly Lazy<bool> s_curl = new(() => Run("curl", ["--version"], TimeSpan.FromSeconds(10)).ExitCode == 0);

    private static readonly Lazy<bool> s_libwbxml = new(() =>
        Run("xml2wbxml", ["--version"], TimeSpan.FromSeconds(10)).ExitCode != -1 && Run("wbxml2xml", ["--version"], TimeSpan.FromSeconds(10)).ExitCode != -1);

    public static bool HasExchangelib => s_exchangelib.Value;

    /// <summary>libwbxml2-utils (xml2wbxml, wbxml2xml): an independent WBXML codec with the ActiveSync tables.</summary>
    public static bool HasLibWbxml => s_libwbxml.Value && File.Exists("/usr/bin/python3");

    public static bool HasCurl => s_curl.Value;

    public static bool HasRequestsNtlm => s_requestsNtlm.Value;

    /// <summary>The ews-javascript-api drivers and their node_modules (npm ci by test.sh) in the Autodiscover tests' js/ folder.</summary>
    public static string EwsJsDirectory => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "Bourse.Autodiscover.Tests", "js"));

    public static bool HasEwsJavascriptApi =>
        System.IO.Directory.Exists(Path.Combine(EwsJsDirectory, "node_modules", "ews-javascript-api")) && Run("node", ["--version"], TimeSpan.FromSeconds(30)).ExitCode == 0;

    /// <summary>The Outlook on the web end-to-end driver (playwright-core, npm ci by test.sh) in the Server tests' js/ folder.</summary>
    public static string OwaJsDirectory => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "Bourse.Server.Tests", "js"));

    /// <summary>npm playwright-core and Debian's chromium (/usr/bin/chromium), both installed by test.sh.</summary>
    public static bool HasPlaywrightChromium =>
        File.Exists("/usr/bin/chromium") && System.IO.Directory.Exists(Path.Combine(OwaJsDirectory, "node_modules", "playwright-core")) &&
        Run("node", ["--version"], TimeSpan.FromSeconds(30)).ExitCode == 0;

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
        // No proxy may divert a test request off this machine.
        foreach (var key in new[] { "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" })
            psi.Environment.Remove(key);
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
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }

    /// <summary>Runs a process off the caller's thread (the test host may share the thread pool, so tests must not block it).</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Task.Run(() => Run(file, args, timeout, workingDirectory, environment));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
