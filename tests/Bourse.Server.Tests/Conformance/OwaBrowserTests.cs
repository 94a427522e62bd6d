using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bourse.Server.Tests.Infrastructure;
using Bourse.Testing;

namespace Bourse.Server.Tests.Conformance;

/// <summary>
/// Outlook on the web end to end, the acceptance: Debian's chromium (headless, driven by npm playwright-core — a
/// browser nobody here wrote) against the real <c>bourse serve</c>. The user signs in, reads a message delivered by
/// <c>bourse deliver</c> (the store's delivery path, another process), sees another delivery appear without a reload, replies, moves the message to a new folder,
/// searches, creates a calendar event, turns on automatic replies and signs out. Then other clients check the result:
/// the reply is in bob's Inbox and alice's Sent Items and the message in the new folder (<c>bourse export</c>), the event
/// reaches an ActiveSync device (libwbxml2's codec), and automatic replies are on. Screenshots of the main screens are
/// kept in artifacts/owa-screens.
/// </summary>
public sealed partial class OwaBrowserTests : IAsyncLifetime
{
    private ConformanceServer _server = null!;

    public async Task InitializeAsync() => _server = await ConformanceServer.StartAsync(["alice", "bob"], new Dictionary<string, string>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Artifacts => Path.GetFullPath(Path.Combine(ExternalTool.OwaJsDirectory, "..", "..", "..", "artifacts", "owa-screens"));

    [ToolFact("playwright")]
    public async Task AUserReadsRepliesMovesSearchesPlansAndSignsOutInTheBrowser()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var subject = $"Quarterly{tag} figures";
        var eventSubject = $"Planning {tag} from the browser";
        var mime = $"From: Bob <bob@{ConformanceServer.Domain}>\r\nTo: alice@{ConformanceServer.Domain}\r\nSubject: {subject}\r\n" +
            $"Message-ID: <{tag}@bourse.test>\r\nDate: {DateTime.UtcNow:R}\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
            "<p>Hello Alice,</p><p>Please reply to this with the figures.</p>\r\n";
        var delivered = await BourseProcess.RunAsync(["deliver", $"alice@{ConformanceServer.Domain}", "--data", _server.DataDirectory], mime);
        Assert.True(delivered.ExitCode == 0, delivered.ToString());

        var (exit, stdout, stderr) = await ExternalTool.RunAsync("node",
        [
            "owa_e2e.mjs", "--url", _server.Url(""), "--user", $"alice@{ConformanceServer.Domain}", "--password", ConformanceServer.Password,
            "--subject", subject, "--eventSubject", eventSubject, "--artifacts", Artifacts,
            "--bourse", $"dotnet {BourseProcess.Dll}", "--data", _server.DataDirectory,
        ], TimeSpan.FromMinutes(4), ExternalTool.OwaJsDirectory);
        Assert.True(exit == 0 && stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal),
            $"the browser run failed (exit {exit}; screenshots in {Artifacts}):\n{stdout}\n{stderr}\n--- server output ---\n{_server.Server.Output}");
        File.WriteAllText(Path.Combine(Artifacts, "figures.json"), FiguresPattern().Match(stdout).Groups[1].Value);

        // The reply reached bob's Inbox and alice's Sent Items; the original is in the new folder.
        var bob = await ExportAsync("bob");
        Assert.Contains(bob, m => m.Folder == "Inbox" && m.Text.Contains("Subject: RE: " + subject, StringComparison.OrdinalIgnoreCase) &&
            m.Text.Contains("Replying from the browser.", StringComparison.Ordinal) &&
            // The reply is written above the quoted original, not inside it.
            m.Text.IndexOf("Replying from the browser.", StringComparison.Ordinal) < m.Text.IndexOf(" wrote:", StringComparison.Ordinal));
        var alice = await ExportAsync("alice");
        Assert.Contains(alice, m => m.Folder == "Sent Items" && m.Text.Contains("Subject: RE: " + subject, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(alice, m => m.Folder == "Projects" && m.Text.Contains("Subject: " + subject, StringComparison.Ordinal));
        Assert.DoesNotContain(alice, m => m.Folder == "Inbox" && m.Text.Contains("Subject: " + subject, StringComparison.Ordinal));

        // The event reached an ActiveSync device (its requests encoded and answers decoded by libwbxml2, not by us).
        if (ExternalTool.HasLibWbxml)
        {
            var script = Path.Combine(AppContext.BaseDirectory, "Conformance", "eas", "eas_conversation.py");
            var eas = await ExternalTool.RunAsync("/usr/bin/python3",
            [
                script, "--url", _server.Url(""), "--fingerprint", _server.Server.Fingerprint, "--password", ConformanceServer.Password,
                "--bourse", $"dotnet {BourseProcess.Dll}", "--data", _server.DataDirectory, "--version", "16.1", "--domain", ConformanceServer.Domain,
                "--calendar-subject", eventSubject,
            ], TimeSpan.FromMinutes(2));
            Assert.True(eas.ExitCode == 0 && eas.Stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal), $"ActiveSync calendar check: {eas.Stdout}\n{eas.Stderr}");
        }

        // Automatic replies are on, as the API tells another session.
        using var browser = new CookieJarClient();
        await SignInAsync(browser, "alice");
        using var oof = await browser.GetAsync(_server.Url("/owa/service/settings/oof"), r => r.Headers.Add("Accept", "application/json"));
        Assert.Equal(HttpStatusCode.OK, oof.StatusCode);
        var settings = JsonDocument.Parse(await oof.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("enabled", settings.GetProperty("state").GetString());
        Assert.Contains("I am away this week.", settings.GetProperty("internalReply").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The second scenario: Outlook's keyboard in the list (Ctrl+R, Delete), a contact created in People, the directory
    /// searched, the phone that synced over ActiveSync wiped from Settings, and a password change used to sign in again.
    /// The CLI then sees the wipe pending, and the old password no longer signs in.
    /// </summary>
    [ToolFact("playwright", "libwbxml")]
    public async Task KeyboardPeopleMobileDeviceWipeAndPasswordChangeInTheBrowser()
    {
        var subject = "Keyboard " + Guid.NewGuid().ToString("N")[..6];
        var mime = $"From: Bob <bob@{ConformanceServer.Domain}>\r\nTo: alice@{ConformanceServer.Domain}\r\nSubject: {subject}\r\n" +
            $"Date: {DateTime.UtcNow:R}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPress a key.\r\n";
        var delivered = await BourseProcess.RunAsync(["deliver", $"alice@{ConformanceServer.Domain}", "--data", _server.DataDirectory], mime);
        Assert.True(delivered.ExitCode == 0, delivered.ToString());
        // A phone (libwbxml2 encoding its requests) becomes a device partnership of alice.
        var script = Path.Combine(AppContext.BaseDirectory, "Conformance", "eas", "eas_conversation.py");
        var phone = await ExternalTool.RunAsync("/usr/bin/python3",
        [
            script, "--url", _server.Url(""), "--fingerprint", _server.Server.Fingerprint, "--password", ConformanceServer.Password,
            "--bourse", $"dotnet {BourseProcess.Dll}", "--data", _server.DataDirectory, "--version", "14.1", "--domain", ConformanceServer.Domain, "--provision-only",
        ], TimeSpan.FromMinutes(2));
        Assert.True(phone.ExitCode == 0 && phone.Stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal), $"phone: {phone.Stdout}\n{phone.Stderr}");
        var deviceId = Regex.Match(phone.Stdout, "synced the folders as (\\S+)").Groups[1].Value;

        const string NewPassword = "Changed-In-The-Browser-42";
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("node",
        [
            "owa_people_settings.mjs", "--url", _server.Url(""), "--user", $"alice@{ConformanceServer.Domain}", "--password", ConformanceServer.Password,
            "--new-password", NewPassword, "--subject", subject, "--device-type", "ConformancePhone", "--directory-name", "bob Display", "--artifacts", Artifacts,
        ], TimeSpan.FromMinutes(4), ExternalTool.OwaJsDirectory);
        Assert.True(exit == 0 && stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal),
            $"the browser run failed (exit {exit}; screenshots in {Artifacts}):\n{stdout}\n{stderr}\n--- server output ---\n{_server.Server.Output}");

        // The administrator's view of the phone: a wipe is pending.
        var devices = await BourseProcess.RunAsync(["device", "list", $"alice@{ConformanceServer.Domain}", "--data", _server.DataDirectory]);
        Assert.True(devices.ExitCode == 0, devices.ToString());
        var line = devices.Stdout.Split('\n').FirstOrDefault(l => l.Contains(deviceId, StringComparison.OrdinalIgnoreCase));
        Assert.True(line is not null && line.Contains("pending", StringComparison.OrdinalIgnoreCase), "device list:\n" + devices.Stdout);

        // The new password signs in; the old one does not; the contact is there for the API.
        using (var stale = new CookieJarClient())
            Assert.False(await TrySignInAsync(stale, "alice", ConformanceServer.Password));
        using var browser = new CookieJarClient();
        Assert.True(await TrySignInAsync(browser, "alice", NewPassword));
        using var contacts = await browser.GetAsync(_server.Url("/owa/service/contacts?q=Scully"), r => r.Headers.Add("Accept", "application/json"));
        var items = JsonDocument.Parse(await contacts.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        Assert.Contains(items.EnumerateArray(), c => c.GetProperty("emails").EnumerateArray().Any(e => e.GetString() == "dana.scully@example.org"));
    }

    /// <summary>
    /// A weekly series made in Outlook on the web, one occurrence of it changed there, reaches a phone (libwbxml2 encoding
    /// and decoding, not our codec) as one recurring event with that occurrence as an exception.
    /// </summary>
    [ToolFact("libwbxml")]
    public async Task ASeriesWithOneOccurrenceEditedInTheBrowserReachesAPhoneWithItsException()
    {
        using var browser = new CookieJarClient();
        await SignInAsync(browser, "alice");
        var canary = browser.Cookies["X-OWA-CANARY"];
        var tag = Guid.NewGuid().ToString("N")[..6];
        var monday = DateTime.UtcNow.Date.AddDays(((int)DayOfWeek.Monday - (int)DateTime.UtcNow.DayOfWeek + 7) % 7 + 7).AddHours(8);
        async Task<JsonElement> SendAsync(HttpMethod method, string path, object body)
        {
            var request = new HttpRequestMessage(method, _server.Url(path))
            {
                Content = new StringContent(JsonSerializer.Serialize(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-OWA-CANARY", canary);
            request.Headers.Add("Accept", "application/json");
            using var response = await browser.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        var series = await SendAsync(HttpMethod.Post, "/owa/service/calendar/events", new
        {
            subject = $"Weekly {tag}",
            startUtc = monday,
            endUtc = monday.AddHours(1),
            isAllDay = false,
            location = "Room 1",
            timeZone = "Europe/Paris",
            showAs = "busy",
            reminderMinutes = 15,
            recurrence = new { type = "weekly", interval = 1, daysOfWeek = new[] { "monday" }, count = 6 },
        });
        var id = series.GetProperty("id").GetString()!;
        var second = monday.AddDays(7).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await SendAsync(HttpMethod.Put, $"/owa/service/calendar/events/{id}?occurrence={Uri.EscapeDataString(second)}", new
        {
            subject = $"Moved {tag}",
            startUtc = monday.AddDays(7).AddHours(2),
            endUtc = monday.AddDays(7).AddHours(3),
            isAllDay = false,
            location = "Room 2",
            showAs = "busy",
            reminderMinutes = 15,
        });

        var script = Path.Combine(AppContext.BaseDirectory, "Conformance", "eas", "eas_conversation.py");
        var eas = await ExternalTool.RunAsync("/usr/bin/python3",
        [
            script, "--url", _server.Url(""), "--fingerprint", _server.Server.Fingerprint, "--password", ConformanceServer.Password,
            "--bourse", $"dotnet {BourseProcess.Dll}", "--data", _server.DataDirectory, "--version", "16.1", "--domain", ConformanceServer.Domain,
            "--calendar-subject", $"Weekly {tag}", "--exception-subject", $"Moved {tag}",
        ], TimeSpan.FromMinutes(2));
        Assert.True(eas.ExitCode == 0 && eas.Stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal), $"ActiveSync 16.1 calendar check: {eas.Stdout}\n{eas.Stderr}");
        // The exception names the occurrence it replaces, the second Monday at 08:00 UTC (MS-ASAIRS 2.2.2.25: InstanceId is
        // a compact date-time, as ExceptionStartTime is).
        Assert.True(eas.Stdout.Contains(monday.AddDays(7).ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture) + "Z", StringComparison.Ordinal), eas.Stdout);
        // The same for a 14.1 phone, which names the occurrence by ExceptionStartTime.
        var eas14 = await ExternalTool.RunAsync("/usr/bin/python3",
        [
            script, "--url", _server.Url(""), "--fingerprint", _server.Server.Fingerprint, "--password", ConformanceServer.Password,
            "--bourse", $"dotnet {BourseProcess.Dll}", "--data", _server.DataDirectory, "--version", "14.1", "--domain", ConformanceServer.Domain,
            "--calendar-subject", $"Weekly {tag}", "--exception-subject", $"Moved {tag}",
        ], TimeSpan.FromMinutes(2));
        Assert.True(eas14.ExitCode == 0 && eas14.Stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal), $"ActiveSync 14.1 calendar check: {eas14.Stdout}\n{eas14.Stderr}");
        Assert.True(eas14.Stdout.Contains(monday.AddDays(7).ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture) + "Z", StringComparison.Ordinal), eas14.Stdout);
    }

    private async Task<List<(string Folder, string Text)>> ExportAsync(string user)
    {
        using var dir = new TempDirectory();
        var exported = await BourseProcess.RunAsync(["export", $"{user}@{ConformanceServer.Domain}", dir.Path, "--data", _server.DataDirectory]);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        return System.IO.Directory.EnumerateFiles(dir.Path, "*.eml", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(dir.Path, Path.GetDirectoryName(f)!).Replace('\\', '/'), File.ReadAllText(f, Encoding.UTF8)))
            .ToList();
    }

    private async Task SignInAsync(CookieJarClient browser, string user) =>
        Assert.True(await TrySignInAsync(browser, user, ConformanceServer.Password), "sign-in failed");

    /// The sign-in form: a redirect with a session cookie on success, the form again otherwise.
    private async Task<bool> TrySignInAsync(CookieJarClient browser, string user, string password)
    {
        using var page = await browser.GetAsync(_server.Url("/owa/auth/logon.aspx?url=%2Fowa%2F"));
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var signIn = await browser.PostFormAsync(_server.Url("/owa/auth.owa"),
            [new("__RequestVerificationToken", token), new("username", $"{user}@{ConformanceServer.Domain}"), new("password", password), new("destination", "/owa/")]);
        return signIn.StatusCode == HttpStatusCode.Redirect && browser.Cookies.ContainsKey(".Bourse.Owa");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("figures: (\\{.*\\})")]
    private static partial Regex FiguresPattern();
}
