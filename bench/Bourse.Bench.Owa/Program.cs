using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Directory.Sqlite;
using Bourse.Mailbox;
using Bourse.Owa.Tests.Infrastructure;
using Bourse.Storage.Sqlite;
using Bourse.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Spectre.Console;

// Outlook on the web API figures (issue 5): the message list's first page of a 100,000-item folder (goal < 20 ms server
// time), a page deep in it, and opening a message — over real HTTPS with the real forms sign-in, server time measured
// around the endpoint by a middleware (the same span a Server-Timing header would report).
//   dotnet run -c Release --project bench/Bourse.Bench.Owa -- [--items 100000] [--data DIR]
var items = 100_000;
string? dataArg = null;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--items")
        items = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    if (args[i] == "--data")
        dataArg = args[i + 1];
}
var data = dataArg ?? Path.Combine(Path.GetTempPath(), "bourse-bench-owa-" + Environment.ProcessId);
Directory.CreateDirectory(data);
AnsiConsole.MarkupLine($"[bold]Bourse Outlook on the web API benchmark[/] — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {items:N0} items");

const string Password = "Bench-Pass-1";
var directory = await SqliteDirectory.OpenAsync(new SqliteDirectoryOptions { DataDirectory = data, PasswordHashIterations = 1000 });
var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = data });
var operations = new MailboxOperations(store, directory, TimeProvider.System);
var user = await directory.FindUserByAddressAsync("dana@bourse.test");
if (user is null)
{
    var created = await directory.CreateUserAsync(new NewDirectoryUser("dana@bourse.test") { Password = Password, DisplayName = "Dana" });
    user = created.Value;
}
await operations.EnsureMailboxAsync(user);
var inbox = (await store.GetWellKnownFolderAsync(user.MailboxId, WellKnownFolder.Inbox))!;
if (inbox.TotalCount < items)
{
    var fill = Stopwatch.StartNew();
    var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    for (var done = inbox.TotalCount; done < items; done += 2000)
    {
        var batch = new List<NewItem>();
        for (var j = done; j < Math.Min(items, done + 2000); j++)
        {
            var mime = Encoding.UTF8.GetBytes($"From: Sender {j % 97} <s{j % 97}@example.com>\r\nTo: dana@bourse.test\r\nSubject: Message {j} about the quarterly budget\r\n" +
                $"Date: {start.AddMinutes(j):R}\r\nMessage-ID: <{j}@bench>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
                $"Body of message {j}. " + new string('x', 600) + "\r\n");
            var item = MimeItemMapper.Map(mime);
            item.Properties.Set(PropTags.MessageDeliveryTime, start.AddMinutes(j));
            batch.Add(item);
        }
        var r = await store.CreateItemsAsync(user.MailboxId, inbox.Id, batch);
        if (r.Any(x => !x.IsSuccess))
            throw new InvalidOperationException("fill failed");
    }
    AnsiConsole.MarkupLine($"  filled {items:N0} items in {fill.Elapsed.TotalSeconds:F1} s");
}

using var certificate = TestTlsCertificate.Create();
var app = OwaHost.CreateBuilder(data, store, directory, operations, certificate).Build();
var serverTimes = new List<double>();
app.Use(async (context, next) =>
{
    var t = Stopwatch.GetTimestamp();
    await next(context);
    if (context.Request.Path.StartsWithSegments("/owa/service"))
        lock (serverTimes)
            serverTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
});
var port = await OwaHost.MapAndStartAsync(app, webClient: false);
var url = (string path) => $"https://127.0.0.1:{port}{path}";

var cookies = new CookieContainer();
using var http = new HttpClient(new SocketsHttpHandler
{
    CookieContainer = cookies,
    AllowAutoRedirect = false,
    SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == certificate.GetCertHashString() },
});
var logon = await http.GetStringAsync(url("/owa/auth/logon.aspx"));
var token = WebUtility.HtmlDecode(Regex.Match(logon, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
using (var signIn = await http.PostAsync(url("/owa/auth.owa"), new FormUrlEncodedContent(
    [new("__RequestVerificationToken", token), new("username", "dana@bourse.test"), new("password", Password), new("destination", "/owa/")])))
{
    if (signIn.StatusCode != HttpStatusCode.Redirect)
        throw new InvalidOperationException("sign-in failed: " + signIn.StatusCode);
}
http.DefaultRequestHeaders.Add("Accept", "application/json");
var inboxId = StoreIds.Encode(user.MailboxId, inbox.Id);

async Task<(double ServerMedian, double ServerP95, double ClientMedian)> MeasureAsync(string path, int n)
{
    for (var i = 0; i < 20; i++)
        (await http.GetAsync(url(path))).EnsureSuccessStatusCode();
    lock (serverTimes)
        serverTimes.Clear();
    var client = new List<double>();
    for (var i = 0; i < n; i++)
    {
        var t = Stopwatch.GetTimestamp();
        using var r = await http.GetAsync(url(path));
        r.EnsureSuccessStatusCode();
        await r.Content.ReadAsByteArrayAsync();
        client.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }
    double[] server;
    lock (serverTimes)
        server = [.. serverTimes];
    Array.Sort(server);
    client.Sort();
    return (server[server.Length / 2], server[(int)(server.Length * 0.95)], client[client.Count / 2]);
}

var table = new Table().AddColumns("call", "server median", "server p95", "round trip median", "goal");
var first = await MeasureAsync($"/owa/service/folders/{inboxId}/messages?offset=0&limit=50", 300);
table.AddRow($"message list, first page of 50, {items:N0}-item folder", $"{first.ServerMedian:F2} ms", $"{first.ServerP95:F2} ms", $"{first.ClientMedian:F2} ms", "< 20 ms server");
var deep = await MeasureAsync($"/owa/service/folders/{inboxId}/messages?offset={items / 2}&limit=50", 100);
table.AddRow($"message list, page at offset {items / 2:N0}", $"{deep.ServerMedian:F2} ms", $"{deep.ServerP95:F2} ms", $"{deep.ClientMedian:F2} ms", "");
var page = JsonDocument.Parse(await http.GetStringAsync(url($"/owa/service/folders/{inboxId}/messages?offset=0&limit=1"))).RootElement;
var messageId = page.GetProperty("items")[0].GetProperty("id").GetString();
var open = await MeasureAsync($"/owa/service/messages/{messageId}", 300);
table.AddRow("open a message (sanitized body)", $"{open.ServerMedian:F2} ms", $"{open.ServerP95:F2} ms", $"{open.ClientMedian:F2} ms", "< 150 ms to the page");
var folders = await MeasureAsync("/owa/service/folders", 200);
table.AddRow("folder tree with counts", $"{folders.ServerMedian:F2} ms", $"{folders.ServerP95:F2} ms", $"{folders.ClientMedian:F2} ms", "");
AnsiConsole.Write(table);

await app.StopAsync();
await app.DisposeAsync();
await store.DisposeAsync();
await directory.DisposeAsync();
if (dataArg is null)
    Directory.Delete(data, recursive: true);
