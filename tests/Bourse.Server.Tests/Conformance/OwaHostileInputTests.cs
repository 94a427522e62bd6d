using System.Globalization;
using Bourse.Server.Tests.Infrastructure;
using Bourse.Testing;

namespace Bourse.Server.Tests.Conformance;

/// <summary>A real process whose Outlook on the web sessions end after 3 idle seconds.</summary>
public sealed class ShortIdleOwaServer : IAsyncLifetime
{
    internal ConformanceServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ConformanceServer.StartAsync(["expiry"], new Dictionary<string, string> { ["BOURSE_Bourse__Owa__IdleTimeout"] = "00:00:03" });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Outlook on the web in Debian's chromium against hostile mail and an ending session, through the real <c>bourse</c>:
/// stored-XSS payloads in subjects, display names, HTML bodies and attachment names run nothing when the messages are
/// listed and opened; a session that ends while a message is being written sends the user to the sign-in form and
/// gives the unsent draft back afterwards.
/// </summary>
public sealed class OwaHostileInputTests(ShortIdleOwaServer idle) : IClassFixture<ShortIdleOwaServer>
{
    private const string Marker = "window.__bourseXss=1;alert(1)";

    /// Each payload would set the marker or open a dialog if the page or the reading pane let it run.
    private static readonly string[] Payloads =
    [
        $"<script>{Marker}</script>",
        $"<img src=x onerror=\"{Marker}\">",
        $"<svg onload=\"{Marker}\"></svg>",
        $"<a href=\"javascript:{Marker}\">click</a>",
        $"<iframe srcdoc=\"<script>parent.{Marker}</script>\"></iframe>",
        $"<body onload=\"{Marker}\">",
        $"<details open ontoggle=\"{Marker}\">x</details>",
        $"<math><mtext><table><mglyph><style><img src=x onerror=\"{Marker}\">",
        $"<object data=\"javascript:{Marker}\"></object>",
        $"<form><button formaction=\"javascript:{Marker}\">go</button></form>",
        $"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{Marker}\">",
        $"<div style=\"background:url(javascript:{Marker})\">x</div>",
        $"<IMG SRC=\"jav&#x09;ascript:{Marker}\">",
        $"<img src=\"https://tracker.example.net/pixel.gif\" onload=\"{Marker}\">",
    ];

    private static string Artifacts => Path.GetFullPath(Path.Combine(ExternalTool.OwaJsDirectory, "..", "..", "..", "artifacts", "owa-screens"));

    [ToolFact("playwright")]
    public async Task StoredXssInSubjectsNamesBodiesAndAttachmentNamesRunsNothingInTheBrowser()
    {
        await using var server = await ConformanceServer.StartAsync(["alice"], new Dictionary<string, string>());
        for (var i = 0; i < Payloads.Length; i++)
        {
            var payload = Payloads[i];
            var boundary = "b" + i.ToString(CultureInfo.InvariantCulture);
            // The payload as the subject, the sender's display name, the HTML body and an attachment's name at once.
            var mime = $"From: \"{payload.Replace("\"", "'", StringComparison.Ordinal)}\" <evil{i}@example.net>\r\nTo: alice@{ConformanceServer.Domain}\r\n" +
                $"Subject: {payload}\r\nMessage-ID: <x{i}@example.net>\r\nDate: {DateTime.UtcNow.AddMinutes(-i):R}\r\nMIME-Version: 1.0\r\n" +
                $"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
                $"<html><head><base href=\"javascript:{Marker}//\"></head><body><p>Payload {i}</p>{payload}</body></html>\r\n" +
                $"--{boundary}\r\nContent-Type: text/html; name=\"{payload.Replace("\"", "'", StringComparison.Ordinal)}.html\"\r\n" +
                $"Content-Disposition: attachment; filename=\"{payload.Replace("\"", "'", StringComparison.Ordinal)}.html\"\r\n\r\n<script>{Marker}</script>\r\n--{boundary}--\r\n";
            var delivered = await BourseProcess.RunAsync(["deliver", $"alice@{ConformanceServer.Domain}", "--data", server.DataDirectory], mime);
            Assert.True(delivered.ExitCode == 0, delivered.ToString());
        }

        var (exit, stdout, stderr) = await ExternalTool.RunAsync("node",
        [
            "owa_hostile.mjs", "--mode", "xss", "--url", server.Url(""), "--user", $"alice@{ConformanceServer.Domain}", "--password", ConformanceServer.Password,
            "--count", Payloads.Length.ToString(CultureInfo.InvariantCulture), "--artifacts", Artifacts,
        ], TimeSpan.FromMinutes(4), ExternalTool.OwaJsDirectory);
        Assert.True(exit == 0 && stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal),
            $"the browser run failed (exit {exit}; screenshots in {Artifacts}):\n{stdout}\n{stderr}");
        Assert.Contains($"ok: open hostile message {Payloads.Length}", stdout, StringComparison.Ordinal);
    }

    [ToolFact("playwright")]
    public async Task ASessionThatEndsWhileWritingGivesTheDraftBackAfterSigningIn()
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("node",
        [
            "owa_hostile.mjs", "--mode", "expiry", "--url", idle.Server.Url(""), "--user", $"expiry@{ConformanceServer.Domain}",
            "--password", ConformanceServer.Password, "--idle", "3", "--artifacts", Artifacts,
        ], TimeSpan.FromMinutes(3), ExternalTool.OwaJsDirectory);
        Assert.True(exit == 0 && stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal),
            $"the browser run failed (exit {exit}; screenshots in {Artifacts}):\n{stdout}\n{stderr}\n{idle.Server.Server.Output}");
    }
}
