using System.Net;
using System.Text.Json;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Mail;

/// <summary>Messages over real HTTPS: the folder list (sort, paging, filters), one message, read/flag, bulk actions, search.</summary>
public sealed class OwaMessageApiTests : IAsyncLifetime
{
    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Mime(string subject, DateTime date, string from = "carol@example.com", string fromName = "Carol", string body = "Hello.",
        string extraHeaders = "") =>
        $"From: {fromName} <{from}>\r\nTo: Alice <alice@{OwaTestServer.Domain}>\r\nSubject: {subject}\r\nDate: {date:R}\r\n{extraHeaders}" +
        $"Message-ID: <{Guid.NewGuid():N}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    [Fact]
    public async Task TheListPagesAndSortsFromTheIndexedColumns()
    {
        var start = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 7; i++)
            await MailApi.FileAsync(_server, "alice", Mime($"Message {i}", start.AddHours(i), from: $"s{i}@example.com", fromName: $"Sender {(char)('G' - i)}"),
                start.AddHours(i));
        using var alice = await _server.SignInAsync();
        var inbox = await MailApi.FolderIdAsync(alice, "inbox");

        var first = await MailApi.ListAsync(alice, inbox, "?offset=0&limit=3");
        Assert.Equal(7, first.GetProperty("total").GetInt32());
        Assert.Equal(0, first.GetProperty("offset").GetInt32());
        var items = first.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["Message 6", "Message 5", "Message 4"], items.Select(i => i.GetProperty("subject").GetString()));
        var row = items[0];
        Assert.Equal(inbox, row.GetProperty("folderId").GetString());
        Assert.Equal("s6@example.com", row.GetProperty("from").GetProperty("address").GetString());
        Assert.Equal("Sender A", row.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("2026-01-01T14:00:00Z", row.GetProperty("receivedUtc").GetString());
        Assert.False(row.GetProperty("isRead").GetBoolean());
        Assert.Equal("none", row.GetProperty("flag").GetString());
        Assert.Equal("normal", row.GetProperty("importance").GetString());
        Assert.True(row.GetProperty("size").GetInt64() > 0);
        Assert.Equal("", row.GetProperty("preview").GetString());

        var second = await MailApi.ListAsync(alice, inbox, "?offset=3&limit=3");
        Assert.Equal(["Message 3", "Message 2", "Message 1"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()));
        Assert.Equal(3, second.GetProperty("offset").GetInt32());

        var asc = await MailApi.ListAsync(alice, inbox, "?sort=received&order=asc&limit=2");
        Assert.Equal(["Message 0", "Message 1"], asc.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()));
        var byFrom = await MailApi.ListAsync(alice, inbox, "?sort=from&order=asc&limit=2");
        Assert.Equal(["Sender A", "Sender B"], byFrom.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("from").GetProperty("name").GetString()));
        var bySubject = await MailApi.ListAsync(alice, inbox, "?sort=subject&order=desc&limit=1");
        Assert.Equal("Message 6", bySubject.GetProperty("items")[0].GetProperty("subject").GetString());
    }

    [Fact]
    public async Task FiltersSelectUnreadAndFlaggedMessages()
    {
        var now = DateTime.UtcNow;
        for (var i = 0; i < 4; i++)
            await _server.DeliverAsync("alice", Mime($"F{i}", now.AddMinutes(i)));
        using var alice = await _server.SignInAsync();
        var inbox = await MailApi.FolderIdAsync(alice, "inbox");
        var ids = (await MailApi.ItemsAsync(alice, "inbox")).ToDictionary(i => i.GetProperty("subject").GetString()!, i => i.GetProperty("id").GetString()!);
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "markRead", ids = new[] { ids["F0"], ids["F1"] } });
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "flag", ids = new[] { ids["F1"], ids["F3"] } });

        var unread = await MailApi.ListAsync(alice, inbox, "?filter=unread");
        Assert.Equal(2, unread.GetProperty("total").GetInt32());
        Assert.Equal(["F3", "F2"], unread.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()));
        var flagged = await MailApi.ListAsync(alice, inbox, "?filter=flagged&sort=flag");
        Assert.Equal(["F3", "F1"], flagged.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()).OrderDescending());
        Assert.All(flagged.GetProperty("items").EnumerateArray(), i => Assert.Equal("flagged", i.GetProperty("flag").GetString()));
        Assert.Equal(2, (await MailApi.FolderAsync(alice, "inbox")).GetProperty("unreadCount").GetInt32());
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=201")]
    [InlineData("?limit=abc")]
    [InlineData("?offset=-1")]
    [InlineData("?sort=date")]
    [InlineData("?order=up")]
    [InlineData("?filter=important")]
    public async Task BadListParametersAreBadRequests(string query)
    {
        using var alice = await _server.SignInAsync();
        var inbox = await MailApi.FolderIdAsync(alice, "inbox");
        using var response = await alice.GetAsync($"/owa/service/folders/{inbox}/messages{query}");
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Fact]
    public async Task AMessageHasItsRecipientsBodyAndHeaders()
    {
        var mime = $"From: \"Carol C.\" <carol@example.com>\r\nTo: Alice <alice@{OwaTestServer.Domain}>, bob@{OwaTestServer.Domain}\r\n" +
            "Cc: Dan <dan@example.com>\r\nReply-To: Replies <replies@example.com>\r\nSubject: Quarterly numbers\r\n" +
            "Date: Fri, 27 Nov 2026 09:00:00 +0000\r\nMessage-ID: <q4@example.com>\r\nImportance: high\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe numbers are in.\r\n" +
            "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>The <b>numbers</b> are in. <a href=\"https://example.com/q4\">Report</a></p>\r\n--b--\r\n";
        await _server.DeliverAsync("alice", mime);
        using var alice = await _server.SignInAsync();
        var id = await MailApi.MessageIdAsync(alice, "inbox", "Quarterly numbers");
        var m = await MailApi.MessageAsync(alice, id);
        Assert.Equal(id, m.GetProperty("id").GetString());
        Assert.Equal("Carol C.", m.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal([$"alice@{OwaTestServer.Domain}", $"bob@{OwaTestServer.Domain}"], MailApi.Addresses(m.GetProperty("to")));
        Assert.Equal(["dan@example.com"], MailApi.Addresses(m.GetProperty("cc")));
        Assert.Empty(m.GetProperty("bcc").EnumerateArray());
        Assert.Equal(["replies@example.com"], MailApi.Addresses(m.GetProperty("replyTo")));
        Assert.Equal("2026-11-27T09:00:00Z", m.GetProperty("sentUtc").GetString());
        Assert.Equal("high", m.GetProperty("importance").GetString());
        Assert.Equal("<q4@example.com>", m.GetProperty("internetMessageId").GetString());
        Assert.False(m.GetProperty("isDraft").GetBoolean());
        Assert.Contains("The numbers are in.", m.GetProperty("bodyText").GetString());
        Assert.StartsWith("The numbers are in.", m.GetProperty("preview").GetString());
        var html = m.GetProperty("bodyHtml").GetString()!;
        Assert.Contains("<b>numbers</b>", html);
        Assert.Contains("href=\"https://example.com/q4\"", html);
        Assert.Contains("target=\"_blank\"", html);
        Assert.Contains("rel=\"noopener noreferrer\"", html);
        Assert.Equal(0, m.GetProperty("blockedImages").GetInt32());
    }

    [Fact]
    public async Task APlainTextBodyIsEncodedIntoHtml()
    {
        await _server.DeliverAsync("alice", Mime("Plain", DateTime.UtcNow, body: "a <b>not bold</b> & see https://example.com/x?a=1&b=2\r\nline two"));
        using var alice = await _server.SignInAsync();
        var m = await MailApi.MessageAsync(alice, await MailApi.MessageIdAsync(alice, "inbox", "Plain"));
        var html = m.GetProperty("bodyHtml").GetString()!;
        Assert.Contains("a &lt;b&gt;not bold&lt;/b&gt; &amp; see", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("<a href=\"https://example.com/x?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener noreferrer\">", html);
    }

    [Fact]
    public async Task RemoteImagesAreBlockedUntilAllowedAndCidImagesPointToTheAttachment()
    {
        var png = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        var mime = $"From: carol@example.com\r\nTo: alice@{OwaTestServer.Domain}\r\nSubject: Images\r\nMessage-ID: <img@example.com>\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: multipart/related; boundary=r\r\n\r\n--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
            "<p><img src=\"https://tracker.example.com/pixel.gif\"><img src=\"http://cdn.example.com/a.png\"><img src=\"//cdn.example.com/b.png\">" +
            "<img src=\"cid:logo@example.com\"><span style=\"background-image:url(https://tracker.example.com/bg.png)\">x</span></p>\r\n" +
            $"--r\r\nContent-Type: image/png\r\nContent-ID: <logo@example.com>\r\nContent-Transfer-Encoding: base64\r\n\r\n{png}\r\n--r--\r\n";
        await _server.DeliverAsync("alice", mime);
        using var alice = await _server.SignInAsync();
        var id = await MailApi.MessageIdAsync(alice, "inbox", "Images");

        var blocked = await MailApi.MessageAsync(alice, id);
        var html = blocked.GetProperty("bodyHtml").GetString()!;
        Assert.Equal(4, blocked.GetProperty("blockedImages").GetInt32());
        Assert.DoesNotContain("example.com/pixel", html);
        Assert.DoesNotContain("cdn.example.com", html);
        Assert.DoesNotContain("bg.png", html);
        var attachment = blocked.GetProperty("attachments")[0];
        Assert.True(attachment.GetProperty("isInline").GetBoolean());
        Assert.Equal("logo@example.com", attachment.GetProperty("contentId").GetString());
        var url = $"/owa/service/messages/{id}/attachments/{attachment.GetProperty("id").GetString()}";
        Assert.Contains($"src=\"{url}\"", html);
        using (var image = await alice.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Convert.FromBase64String(png), await image.Content.ReadAsByteArrayAsync());
        }

        var allowed = await MailApi.MessageAsync(alice, id, "?images=allow");
        var allowedHtml = allowed.GetProperty("bodyHtml").GetString()!;
        Assert.Equal(0, allowed.GetProperty("blockedImages").GetInt32());
        Assert.Contains("https://tracker.example.com/pixel.gif", allowedHtml);
        Assert.Contains("https://tracker.example.com/bg.png", allowedHtml);
    }

    [Fact]
    public async Task PatchMarksReadAndFlags()
    {
        await _server.DeliverAsync("alice", subject: "Patch me", body: "Hello.");
        using var alice = await _server.SignInAsync();
        var id = await MailApi.MessageIdAsync(alice, "inbox", "Patch me");
        using (var read = await alice.PatchJsonAsync($"/owa/service/messages/{id}", new { isRead = true, flag = "flagged" }))
        {
            var s = await OwaSession.ReadAsync(read, HttpStatusCode.OK);
            Assert.True(s.GetProperty("isRead").GetBoolean());
            Assert.Equal("flagged", s.GetProperty("flag").GetString());
            Assert.Equal("Patch me", s.GetProperty("subject").GetString());
        }
        using (var complete = await alice.PatchJsonAsync($"/owa/service/messages/{id}", new { flag = "complete", isRead = false }))
        {
            var s = await OwaSession.ReadAsync(complete, HttpStatusCode.OK);
            Assert.False(s.GetProperty("isRead").GetBoolean());
            Assert.Equal("complete", s.GetProperty("flag").GetString());
        }
        var row = (await MailApi.ItemsAsync(alice, "inbox")).Single();
        Assert.Equal("complete", row.GetProperty("flag").GetString());
        using var bad = await alice.PatchJsonAsync($"/owa/service/messages/{id}", new { flag = "red" });
        await OwaSession.AssertErrorAsync(bad, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Fact]
    public async Task ActionsMoveCopyDeleteJunkAndReportEachId()
    {
        foreach (var s in new[] { "A", "B", "C", "D" })
            await _server.DeliverAsync("alice", subject: s, body: "Hello.");
        using var alice = await _server.SignInAsync();
        var ids = (await MailApi.ItemsAsync(alice, "inbox")).ToDictionary(i => i.GetProperty("subject").GetString()!, i => i.GetProperty("id").GetString()!);
        var folder = await MailApi.PostAsync(alice, "/owa/service/folders", new { parentId = (string?)null, name = "Archive" }, HttpStatusCode.Created);
        var archive = folder.GetProperty("id").GetString()!;
        using var bob = await _server.SignInAsync("bob");
        await _server.DeliverAsync("bob", subject: "Bob's", body: "Hello.");
        var bobsId = await MailApi.MessageIdAsync(bob, "inbox", "Bob's");

        var move = await MailApi.PostAsync(alice, "/owa/service/messages/actions",
            new { action = "move", ids = new[] { ids["A"], "garbage", bobsId }, folderId = archive });
        var results = move.GetProperty("results").EnumerateArray().ToArray();
        Assert.True(results[0].GetProperty("ok").GetBoolean());
        Assert.Equal(ids["A"], results[0].GetProperty("newId").GetString());
        Assert.False(results[1].GetProperty("ok").GetBoolean());
        Assert.Equal("NotFound", results[1].GetProperty("error").GetString());
        Assert.False(results[2].GetProperty("ok").GetBoolean());
        Assert.Equal("NotFound", results[2].GetProperty("error").GetString());
        Assert.Equal("A", (await MailApi.ListAsync(alice, archive)).GetProperty("items")[0].GetProperty("subject").GetString());
        // Bob's message is untouched.
        Assert.Equal(bobsId, await MailApi.MessageIdAsync(bob, "inbox", "Bob's"));

        var copy = await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "copy", ids = new[] { ids["B"] }, folderId = archive });
        var copyId = copy.GetProperty("results")[0].GetProperty("newId").GetString();
        Assert.NotEqual(ids["B"], copyId);
        Assert.Equal(2, (await MailApi.ListAsync(alice, archive)).GetProperty("total").GetInt32());
        Assert.Contains(await MailApi.ItemsAsync(alice, "inbox"), i => i.GetProperty("id").GetString() == ids["B"]);

        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "delete", ids = new[] { ids["C"] } });
        Assert.Contains(await MailApi.ItemsAsync(alice, "deleteditems"), i => i.GetProperty("id").GetString() == ids["C"]);
        // Deleting from Deleted Items deletes for good.
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "delete", ids = new[] { ids["C"] } });
        Assert.Empty(await MailApi.ItemsAsync(alice, "deleteditems"));
        using (var gone = await alice.GetAsync($"/owa/service/messages/{ids["C"]}"))
            await OwaSession.AssertErrorAsync(gone, HttpStatusCode.NotFound, "NotFound");
        // permanent: true skips Deleted Items.
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "delete", ids = new[] { copyId }, permanent = true });
        Assert.Empty(await MailApi.ItemsAsync(alice, "deleteditems"));

        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "junk", ids = new[] { ids["D"] } });
        Assert.Contains(await MailApi.ItemsAsync(alice, "junkemail"), i => i.GetProperty("id").GetString() == ids["D"]);
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "notJunk", ids = new[] { ids["D"] } });
        Assert.Contains(await MailApi.ItemsAsync(alice, "inbox"), i => i.GetProperty("id").GetString() == ids["D"]);

        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "markRead", ids = new[] { ids["D"] } });
        Assert.True((await MailApi.MessageAsync(alice, ids["D"])).GetProperty("isRead").GetBoolean());
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "markUnread", ids = new[] { ids["D"] } });
        Assert.False((await MailApi.MessageAsync(alice, ids["D"])).GetProperty("isRead").GetBoolean());
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "complete", ids = new[] { ids["D"] } });
        Assert.Equal("complete", (await MailApi.MessageAsync(alice, ids["D"])).GetProperty("flag").GetString());
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "unflag", ids = new[] { ids["D"] } });
        Assert.Equal("none", (await MailApi.MessageAsync(alice, ids["D"])).GetProperty("flag").GetString());
    }

    [Theory]
    [InlineData("{\"action\":\"explode\",\"ids\":[\"x\"]}", HttpStatusCode.BadRequest, "InvalidValue")]
    [InlineData("{\"action\":\"delete\",\"ids\":[]}", HttpStatusCode.BadRequest, "InvalidValue")]
    [InlineData("{\"action\":\"delete\"}", HttpStatusCode.BadRequest, "InvalidValue")]
    [InlineData("{\"action\":\"move\",\"ids\":[\"x\"]}", HttpStatusCode.BadRequest, "InvalidValue")]
    [InlineData("{\"action\":\"move\",\"ids\":[\"x\"],\"folderId\":\"nope\"}", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("{\"action\":\"delete\",\"ids\":\"x\"}", HttpStatusCode.BadRequest, "InvalidValue")]
    public async Task BadActionsAreRefused(string json, HttpStatusCode status, string code)
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.SendAsync(HttpMethod.Post, "/owa/service/messages/actions",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await OwaSession.AssertErrorAsync(response, status, code);
    }

    [Fact]
    public async Task SearchFindsTextWithSenderDateAndFolderFilters()
    {
        await MailApi.FileAsync(_server, "alice", Mime("Budget review", new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc), "carol@example.com", "Carol Jones",
            "The budget for spring."), new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc));
        await MailApi.FileAsync(_server, "alice", Mime("Lunch", new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc), "dave@example.com", "Dave Smith",
            "Budget-friendly lunch?"), new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc));
        await MailApi.FileAsync(_server, "alice", Mime("Budget final", new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc), "carol@example.com", "Carol Jones",
            "Final numbers."), new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc));
        await _server.DeliverAsync("bob", Mime("Budget for bob", DateTime.UtcNow, "carol@example.com", "Carol Jones"));
        using var alice = await _server.SignInAsync();

        static string[] Subjects(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()!).Order().ToArray();

        var all = await alice.GetJsonAsync("/owa/service/search?q=budget");
        Assert.Equal(["Budget final", "Budget review", "Lunch"], Subjects(all));
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(["Budget final", "Budget review"], Subjects(await alice.GetJsonAsync("/owa/service/search?q=budget&from=carol@example.com")));
        Assert.Equal(["Budget final", "Budget review"], Subjects(await alice.GetJsonAsync("/owa/service/search?q=budget&from=Carol")));
        Assert.Equal(["Lunch"], Subjects(await alice.GetJsonAsync("/owa/service/search?from=dave")));
        Assert.Equal(["Budget final"], Subjects(await alice.GetJsonAsync("/owa/service/search?q=budget&after=2026-04-01")));
        Assert.Equal(["Budget review", "Lunch"], Subjects(await alice.GetJsonAsync("/owa/service/search?q=budget&before=2026-04-01")));

        var ids = (await MailApi.ItemsAsync(alice, "inbox")).ToDictionary(i => i.GetProperty("subject").GetString()!, i => i.GetProperty("id").GetString()!);
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "junk", ids = new[] { ids["Lunch"] } });
        var junk = await MailApi.FolderIdAsync(alice, "junkemail");
        var inbox = await MailApi.FolderIdAsync(alice, "inbox");
        Assert.Equal(["Lunch"], Subjects(await alice.GetJsonAsync($"/owa/service/search?q=budget&folderId={junk}")));
        Assert.Equal(["Budget final", "Budget review"], Subjects(await alice.GetJsonAsync($"/owa/service/search?q=budget&folderId={inbox}")));
        // Paging.
        var page = await alice.GetJsonAsync("/owa/service/search?q=budget&offset=1&limit=1");
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        // Bob's message is never found by alice.
        Assert.Empty((await alice.GetJsonAsync("/owa/service/search?q=bob")).GetProperty("items").EnumerateArray());

        using (var badDate = await alice.GetAsync("/owa/service/search?q=x&after=yesterday"))
            await OwaSession.AssertErrorAsync(badDate, HttpStatusCode.BadRequest, "InvalidValue");
        using (var badFolder = await alice.GetAsync("/owa/service/search?q=x&folderId=nope"))
            await OwaSession.AssertErrorAsync(badFolder, HttpStatusCode.NotFound, "NotFound");
    }
}
