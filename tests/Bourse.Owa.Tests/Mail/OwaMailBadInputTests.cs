using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bourse.Core.Ids;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Mail;

/// <summary>
/// Every mail endpoint against bad input over real HTTPS: a malformed id and another user's id are the same 404 NotFound as a
/// missing one (and leave the other user's objects alone), bad JSON is 400, an oversize body 413, a write without the
/// canary 403 — never a 500 or a stack trace.
/// </summary>
public sealed class OwaMailBadInputTests(OwaMailBadInputTests.Fixture fixture) : IClassFixture<OwaMailBadInputTests.Fixture>
{
    /// <summary>Method, path with {item} {folder} {draft} placeholders, body kind: "json:…", "bytes" or null.</summary>
    public static readonly TheoryData<string, string, string?> IdEndpoints = new()
    {
        { "GET", "/owa/service/folders/{folder}/messages", null },
        { "PATCH", "/owa/service/folders/{folder}", "json:{\"name\":\"Renamed\"}" },
        { "DELETE", "/owa/service/folders/{folder}", null },
        { "POST", "/owa/service/folders/{folder}/empty", null },
        { "GET", "/owa/service/messages/{item}", null },
        { "PATCH", "/owa/service/messages/{item}", "json:{\"isRead\":true}" },
        { "GET", "/owa/service/messages/{item}/attachments/1", null },
        { "POST", "/owa/service/messages/{item}/reply", "json:{\"mode\":\"reply\"}" },
        { "PUT", "/owa/service/drafts/{draft}", "json:{\"subject\":\"Changed\",\"bodyHtml\":\"\"}" },
        { "DELETE", "/owa/service/drafts/{draft}", null },
        { "POST", "/owa/service/drafts/{draft}/attachments?name=a.txt", "bytes" },
        { "DELETE", "/owa/service/drafts/{draft}/attachments/1", null },
        { "POST", "/owa/service/drafts/{draft}/send", null },
        { "POST", "/owa/service/folders", "json:{\"parentId\":\"{folder}\",\"name\":\"Child\"}" },
        { "POST", "/owa/service/messages/actions", "json:{\"action\":\"move\",\"ids\":[\"{item}\"],\"folderId\":\"{folder}\"}" },
        { "GET", "/owa/service/search?q=hello&folderId={folder}", null },
    };

    public static readonly TheoryData<string, string, int> JsonEndpoints = new()
    {
        { "POST", "/owa/service/folders", 64 * 1024 },
        { "PATCH", "/owa/service/folders/{folder}", 64 * 1024 },
        { "PATCH", "/owa/service/messages/{item}", 64 * 1024 },
        { "POST", "/owa/service/messages/actions", 64 * 1024 },
        { "POST", "/owa/service/messages/{item}/reply", 64 * 1024 },
        { "POST", "/owa/service/drafts", 4 * 1024 * 1024 },
        { "PUT", "/owa/service/drafts/{draft}", 4 * 1024 * 1024 },
    };

    public static readonly TheoryData<string, string> Writes = new()
    {
        { "POST", "/owa/service/folders" },
        { "PATCH", "/owa/service/folders/{folder}" },
        { "DELETE", "/owa/service/folders/{folder}" },
        { "POST", "/owa/service/folders/{folder}/empty" },
        { "PATCH", "/owa/service/messages/{item}" },
        { "POST", "/owa/service/messages/actions" },
        { "POST", "/owa/service/messages/{item}/reply" },
        { "POST", "/owa/service/drafts" },
        { "PUT", "/owa/service/drafts/{draft}" },
        { "DELETE", "/owa/service/drafts/{draft}" },
        { "POST", "/owa/service/drafts/{draft}/attachments?name=a.txt" },
        { "DELETE", "/owa/service/drafts/{draft}/attachments/1" },
        { "POST", "/owa/service/drafts/{draft}/send" },
    };

    private readonly OwaTestServer _server = fixture.Server;
    private readonly Ids _alice = fixture.Alice;
    private readonly Ids _bob = fixture.Bob;

    public sealed record Ids(string Item, string Folder, string Draft, string MissingItem, string MissingFolder);

    /// <summary>One server for the class: none of these requests may change anything, and each test checks that they did not.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal OwaTestServer Server { get; private set; } = null!;

        public Ids Alice { get; private set; } = null!;

        public Ids Bob { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await OwaTestServer.StartAsync();
            Alice = await SetUpAsync("alice");
            Bob = await SetUpAsync("bob");
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        private async Task<Ids> SetUpAsync(string user)
        {
            await Server.DeliverAsync(user, $"From: carol@example.com\r\nTo: {user}@{OwaTestServer.Domain}\r\nSubject: Kept\r\nMIME-Version: 1.0\r\n" +
                "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\n" +
                "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=a.bin\r\n\r\nxyz\r\n--b--\r\n");
            using var session = await Server.SignInAsync(user);
            var folder = await MailApi.PostAsync(session, "/owa/service/folders", new { parentId = (string?)null, name = "Kept folder" }, HttpStatusCode.Created);
            var draft = await MailApi.CreateDraftAsync(session, new { to = new[] { MailApi.Address($"{user}@{OwaTestServer.Domain}") }, subject = "Kept draft", bodyHtml = "<p>x</p>" });
            await OwaComposeApiTests.UploadAsync(session, draft.GetProperty("id").GetString()!, "d.txt", "text/plain", "d"u8.ToArray());
            var mailbox = (await Server.UserAsync(user)).MailboxId;
            return new Ids(await MailApi.MessageIdAsync(session, "inbox", "Kept"), folder.GetProperty("id").GetString()!, draft.GetProperty("id").GetString()!,
                StoreIds.Encode(mailbox, new ItemId(9_999_999)), StoreIds.Encode(mailbox, new FolderId(9_999_998)));
        }
    }

    private static string Fill(string template, string item, string folder, string draft) =>
        template.Replace("{item}", item, StringComparison.Ordinal).Replace("{folder}", folder, StringComparison.Ordinal)
            .Replace("{draft}", draft, StringComparison.Ordinal);

    private static HttpContent? Body(string? kind, string item, string folder, string draft) => kind switch
    {
        null => null,
        "bytes" => new ByteArrayContent("abc"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } },
        _ => new StringContent(Fill(kind["json:".Length..], item, folder, draft), Encoding.UTF8, "application/json"),
    };

    [Theory]
    [MemberData(nameof(IdEndpoints))]
    public async Task AMalformedIdIsNotFound(string method, string path, string? body)
    {
        using var alice = await _server.SignInAsync();
        foreach (var bad in new[] { "not-an-id", "AAAA", new string('A', 200), "AQKcjnEuREx3QJoyssOCAVjTEgAAAAAAAAA=", "!!", _alice.Folder /* wrong kind for items */ })
        {
            var item = bad == _alice.Folder ? bad : bad;
            var folder = bad == _alice.Folder ? _alice.Item : bad;
            using var response = await alice.SendAsync(new HttpMethod(method), Fill(path, item, folder, item), Body(body, item, folder, item));
            await OwaSession.AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFound");
        }
    }

    [Theory]
    [MemberData(nameof(IdEndpoints))]
    public async Task AnotherUsersIdIsNotFoundExactlyLikeAMissingOne(string method, string path, string? body)
    {
        using var alice = await _server.SignInAsync();
        using var missing = await alice.SendAsync(new HttpMethod(method), Fill(path, _alice.MissingItem, _alice.MissingFolder, _alice.MissingItem),
            Body(body, _alice.MissingItem, _alice.MissingFolder, _alice.MissingItem));
        using var foreign = await alice.SendAsync(new HttpMethod(method), Fill(path, _bob.Item, _bob.Folder, _bob.Draft), Body(body, _bob.Item, _bob.Folder, _bob.Draft));
        var missingText = await missing.Content.ReadAsStringAsync();
        var foreignText = await foreign.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(missingText, foreignText);
        Assert.Contains("\"NotFound\"", foreignText);

        // Bob's objects are untouched.
        using var bob = await _server.SignInAsync("bob");
        var message = await MailApi.MessageAsync(bob, _bob.Item);
        Assert.Equal("Kept", message.GetProperty("subject").GetString());
        Assert.False(message.GetProperty("isRead").GetBoolean());
        Assert.Equal(await MailApi.FolderIdAsync(bob, "inbox"), message.GetProperty("folderId").GetString());
        var draft = await MailApi.MessageAsync(bob, _bob.Draft);
        Assert.Equal("Kept draft", draft.GetProperty("subject").GetString());
        Assert.Single(draft.GetProperty("attachments").EnumerateArray());
        var folders = await MailApi.FoldersAsync(bob);
        var kept = folders.EnumerateArray().Single(f => f.GetProperty("id").GetString() == _bob.Folder);
        Assert.Equal("Kept folder", kept.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, kept.GetProperty("parentId").ValueKind);
        Assert.Equal(1, kept.GetProperty("hasChildren").GetBoolean() ? 0 : 1);
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task BadJsonIsABadRequest(string method, string path, int limit)
    {
        _ = limit;
        using var alice = await _server.SignInAsync();
        foreach (var json in new[] { "{not json", "[1,2", "\"just a string\"", "{\"name\":{\"deep\":" + new string('[', 100) + "}}", "" })
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await alice.SendAsync(new HttpMethod(method), Fill(path, _alice.Item, _alice.Folder, _alice.Draft), content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains("\"error\"", text);
            Assert.DoesNotContain("   at ", text);
        }
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task AnOversizeBodyIsTooLarge(string method, string path, int limit)
    {
        using var alice = await _server.SignInAsync();
        var json = "{\"subject\":\"" + new string('x', limit) + "\"}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await alice.SendAsync(new HttpMethod(method), Fill(path, _alice.Item, _alice.Folder, _alice.Draft), content);
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "TooLarge");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task AWriteWithoutTheCanaryIsForbiddenAndChangesNothing(string method, string path)
    {
        using var alice = await _server.SignInAsync();
        alice.SendCanary = false;
        using var content = new StringContent("{\"name\":\"x\",\"mode\":\"reply\",\"action\":\"delete\",\"ids\":[\"" + _alice.Item + "\"]}", Encoding.UTF8, "application/json");
        using var response = await alice.SendAsync(new HttpMethod(method), Fill(path, _alice.Item, _alice.Folder, _alice.Draft), content);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        alice.SendCanary = true;
        Assert.Equal("Kept", (await MailApi.MessageAsync(alice, _alice.Item)).GetProperty("subject").GetString());
        Assert.Single((await MailApi.MessageAsync(alice, _alice.Draft)).GetProperty("attachments").EnumerateArray());
        Assert.Contains((await MailApi.FoldersAsync(alice)).EnumerateArray(), f => f.GetProperty("id").GetString() == _alice.Folder);
        Assert.Single(await MailApi.ItemsAsync(alice, "drafts"));
    }

    [Fact]
    public async Task EveryReadNeedsASession()
    {
        using var anonymous = _server.Anonymous();
        foreach (var path in new[] { "/owa/service/session", "/owa/service/folders", $"/owa/service/messages/{_alice.Item}", "/owa/service/search?q=x",
                     "/owa/service/events" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(440, (int)response.StatusCode);
        }
    }

    [Fact]
    public async Task TheSessionDescribesTheSignedInUser()
    {
        using var alice = await _server.SignInAsync();
        var session = await alice.GetJsonAsync("/owa/service/session");
        Assert.Equal("Alice", session.GetProperty("displayName").GetString());
        Assert.Equal($"alice@{OwaTestServer.Domain}", session.GetProperty("address").GetString());
        Assert.Equal(OwaTestServer.Domain, session.GetProperty("domain").GetString());
        Assert.Equal("UTC", session.GetProperty("timeZone").GetString());
        Assert.Equal("", session.GetProperty("signatureHtml").GetString());
        Assert.False(session.GetProperty("autoAddSignature").GetBoolean());
        using var bob = await _server.SignInAsync("bob");
        Assert.Equal($"bob@{OwaTestServer.Domain}", (await bob.GetJsonAsync("/owa/service/session")).GetProperty("address").GetString());
    }

    [Fact]
    public async Task EveryAnswerIsNoStore()
    {
        using var alice = await _server.SignInAsync();
        foreach (var path in new[] { "/owa/service/session", "/owa/service/folders", $"/owa/service/messages/{_alice.Item}", $"/owa/service/messages/{_bob.Item}",
                     $"/owa/service/messages/{_alice.Item}/attachments/1" })
        {
            using var response = await alice.GetAsync(path);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }
    }
}
