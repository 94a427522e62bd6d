using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bourse.Core.Ids;
using Bourse.Core.Properties;
using Bourse.Owa.Tests.Infrastructure;
using MimeKit;

namespace Bourse.Owa.Tests.Mail;

/// <summary>Compose over real HTTPS: drafts, auto-save, attachments, reply/reply all/forward, send through the submission service.</summary>
public sealed class OwaComposeApiTests : IAsyncLifetime
{
    private static readonly string Domain = OwaTestServer.Domain;
    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync(null, "alice", "bob", "carol");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ADraftIsCreatedSavedAndSentToLocalRecipientsWithACopyInSentItems()
    {
        using var alice = await _server.SignInAsync();
        var draft = await MailApi.CreateDraftAsync(alice, new
        {
            to = new[] { MailApi.Address($"bob@{Domain}", "Bob") },
            cc = Array.Empty<object>(),
            bcc = Array.Empty<object>(),
            subject = "Plans",
            bodyHtml = "<p>First <b>draft</b></p>",
        });
        var id = draft.GetProperty("id").GetString()!;
        Assert.True(draft.GetProperty("isDraft").GetBoolean());
        Assert.Equal(await MailApi.FolderIdAsync(alice, "drafts"), draft.GetProperty("folderId").GetString());
        Assert.Equal([$"bob@{Domain}"], MailApi.Addresses(draft.GetProperty("to")));
        Assert.Contains("<b>draft</b>", draft.GetProperty("bodyHtml").GetString());
        Assert.Equal("First draft", draft.GetProperty("bodyText").GetString());

        // Auto-save replaces recipients, subject and body.
        using (var saved = await alice.PutJsonAsync($"/owa/service/drafts/{id}", new
        {
            to = new[] { MailApi.Address($"bob@{Domain}", "Bob") },
            cc = new[] { MailApi.Address($"carol@{Domain}") },
            bcc = new[] { MailApi.Address("secret@example.com") },
            subject = "Plans for Friday",
            bodyHtml = "<p>Meet at <i>noon</i>.</p><script>alert(1)</script>",
            importance = "high",
        }))
        {
            var s = await OwaSession.ReadAsync(saved, HttpStatusCode.OK);
            Assert.Equal("Plans for Friday", s.GetProperty("subject").GetString());
            Assert.Equal([$"carol@{Domain}"], MailApi.Addresses(s.GetProperty("cc")));
            Assert.Equal(["secret@example.com"], MailApi.Addresses(s.GetProperty("bcc")));
            Assert.Equal("high", s.GetProperty("importance").GetString());
            Assert.DoesNotContain("script", s.GetProperty("bodyHtml").GetString());
        }
        var drafts = await MailApi.ItemsAsync(alice, "drafts");
        Assert.Equal("Plans for Friday", Assert.Single(drafts).GetProperty("subject").GetString());

        var sent = await MailApi.PostAsync(alice, $"/owa/service/drafts/{id}/send", new { });
        var sentId = sent.GetProperty("sentId").GetString()!;
        Assert.Empty(await MailApi.ItemsAsync(alice, "drafts"));
        var copy = await MailApi.MessageAsync(alice, sentId);
        Assert.Equal(await MailApi.FolderIdAsync(alice, "sentitems"), copy.GetProperty("folderId").GetString());
        Assert.False(copy.GetProperty("isDraft").GetBoolean());
        Assert.Equal(["secret@example.com"], MailApi.Addresses(copy.GetProperty("bcc")));

        using var bob = await _server.SignInAsync("bob");
        var bobsId = await MailApi.MessageIdAsync(bob, "inbox", "Plans for Friday");
        var received = await MailApi.MessageAsync(bob, bobsId);
        Assert.Equal($"alice@{Domain}", received.GetProperty("from").GetProperty("address").GetString());
        Assert.Equal("Alice", received.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("high", received.GetProperty("importance").GetString());
        Assert.Contains("<i>noon</i>", received.GetProperty("bodyHtml").GetString());
        Assert.Contains("Meet at noon.", received.GetProperty("bodyText").GetString());
        // The Bcc is not shown to the recipients.
        Assert.Empty(received.GetProperty("bcc").EnumerateArray());
        using var carol = await _server.SignInAsync("carol");
        Assert.Single(await MailApi.ItemsAsync(carol, "inbox"));
        // The outside Bcc recipient cannot be reached (no outbound transport): alice gets a non-delivery report.
        Assert.Single(await MailApi.ItemsAsync(alice, "inbox"));

        // The sent MIME carries a multipart/alternative with the plain text beside the HTML.
        var user = await _server.UserAsync("alice");
        StoreIds.TryDecodeItem(sentId, out _, out var sentItem);
        await using var mime = await _server.Store.OpenMimeAsync(user.MailboxId, sentItem);
        var message = await MimeMessage.LoadAsync(mime!);
        Assert.NotNull(message.TextBody);
        Assert.NotNull(message.HtmlBody);
        Assert.Equal(MessageImportance.High, message.Importance);
    }

    [Fact]
    public async Task SendingWithoutRecipientsIsNoRecipients()
    {
        using var alice = await _server.SignInAsync();
        var draft = await MailApi.CreateDraftAsync(alice, new { subject = "Nobody", bodyHtml = "<p>x</p>" });
        using var response = await alice.PostJsonAsync($"/owa/service/drafts/{draft.GetProperty("id").GetString()}/send", new { });
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "NoRecipients");
        Assert.Single(await MailApi.ItemsAsync(alice, "drafts"));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("a@")]
    [InlineData("@b.example")]
    [InlineData("a@b.example\r\nBcc: victim@example.com")]
    [InlineData("a@b.example, c@d.example")]
    public async Task BadRecipientAddressesAreRefused(string address)
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.PostJsonAsync("/owa/service/drafts", new { to = new[] { new { name = "X", address } }, subject = "s", bodyHtml = "" });
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
        Assert.Empty(await MailApi.ItemsAsync(alice, "drafts"));
    }

    [Fact]
    public async Task HeaderInjectionThroughNamesAndSubjectDoesNotReachTheMime()
    {
        using var alice = await _server.SignInAsync();
        var draft = await MailApi.CreateDraftAsync(alice, new
        {
            to = new[] { new { name = "Bob\r\nBcc: victim@example.com", address = $"bob@{Domain}" } },
            subject = "Hi\r\nBcc: victim2@example.com",
            bodyHtml = "<p>x</p>",
        });
        var sent = await MailApi.PostAsync(alice, $"/owa/service/drafts/{draft.GetProperty("id").GetString()}/send", new { });
        var user = await _server.UserAsync("alice");
        StoreIds.TryDecodeItem(sent.GetProperty("sentId").GetString(), out _, out var sentItem);
        await using var mime = await _server.Store.OpenMimeAsync(user.MailboxId, sentItem);
        var message = await MimeMessage.LoadAsync(mime!);
        Assert.Empty(message.Bcc);
        Assert.Equal([$"bob@{Domain}"], message.To.Mailboxes.Select(m => m.Address));
        // Only bob received it; alice has no non-delivery report for an injected outside address.
        Assert.Empty(await MailApi.ItemsAsync(alice, "inbox"));
    }

    [Fact]
    public async Task AttachmentsAreAddedRemovedAndSent()
    {
        using var alice = await _server.SignInAsync();
        var draft = await MailApi.CreateDraftAsync(alice, new { to = new[] { MailApi.Address($"bob@{Domain}") }, subject = "Files", bodyHtml = "<p>See attached.</p>" });
        var id = draft.GetProperty("id").GetString()!;
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 tiny");
        var first = await UploadAsync(alice, id, "report é 2026.pdf", "application/pdf", pdf);
        Assert.Equal("report é 2026.pdf", first.GetProperty("name").GetString());
        Assert.Equal("application/pdf", first.GetProperty("contentType").GetString());
        Assert.Equal(pdf.Length, first.GetProperty("size").GetInt64());
        var second = await UploadAsync(alice, id, "../../etc/notes.txt", "text/plain", "hello"u8.ToArray());
        Assert.Equal("notes.txt", second.GetProperty("name").GetString());

        var withBoth = await MailApi.MessageAsync(alice, id);
        Assert.Equal(2, withBoth.GetProperty("attachments").GetArrayLength());
        Assert.True(withBoth.GetProperty("hasAttachments").GetBoolean());
        using (var removed = await alice.DeleteAsync($"/owa/service/drafts/{id}/attachments/{second.GetProperty("id").GetString()}"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var again = await alice.DeleteAsync($"/owa/service/drafts/{id}/attachments/{second.GetProperty("id").GetString()}"))
            await OwaSession.AssertErrorAsync(again, HttpStatusCode.NotFound, "NotFound");
        // Auto-save keeps attachments.
        using (var saved = await alice.PutJsonAsync($"/owa/service/drafts/{id}", new { to = new[] { MailApi.Address($"bob@{Domain}") }, subject = "Files!", bodyHtml = "<p>x</p>" }))
            Assert.Equal(1, (await OwaSession.ReadAsync(saved, HttpStatusCode.OK)).GetProperty("attachments").GetArrayLength());

        await MailApi.PostAsync(alice, $"/owa/service/drafts/{id}/send", new { });
        using var bob = await _server.SignInAsync("bob");
        var bobs = await MailApi.MessageAsync(bob, await MailApi.MessageIdAsync(bob, "inbox", "Files!"));
        var att = Assert.Single(bobs.GetProperty("attachments").EnumerateArray());
        Assert.Equal("report é 2026.pdf", att.GetProperty("name").GetString());
        using var download = await bob.GetAsync($"/owa/service/messages/{bobs.GetProperty("id").GetString()}/attachments/{att.GetProperty("id").GetString()}");
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnInlineImageOfTheDraftIsSentAsARelatedPart()
    {
        using var alice = await _server.SignInAsync();
        var draft = await MailApi.CreateDraftAsync(alice, new { to = new[] { MailApi.Address($"bob@{Domain}") }, subject = "Picture", bodyHtml = "" });
        var id = draft.GetProperty("id").GetString()!;
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 9 };
        var att = await UploadAsync(alice, id, "pic.png", "image/png", png, inline: true);
        Assert.True(att.GetProperty("isInline").GetBoolean());
        var url = $"/owa/service/messages/{id}/attachments/{att.GetProperty("id").GetString()}";
        using (var saved = await alice.PutJsonAsync($"/owa/service/drafts/{id}", new
        {
            to = new[] { MailApi.Address($"bob@{Domain}") },
            subject = "Picture",
            bodyHtml = $"<p>Look: <img src=\"{url}\" alt=\"pic\"></p>",
        }))
        {
            // Read back, the image still shows from the attachment URL.
            Assert.Contains($"src=\"{url}\"", (await OwaSession.ReadAsync(saved, HttpStatusCode.OK)).GetProperty("bodyHtml").GetString());
        }
        var sent = await MailApi.PostAsync(alice, $"/owa/service/drafts/{id}/send", new { });
        var user = await _server.UserAsync("alice");
        StoreIds.TryDecodeItem(sent.GetProperty("sentId").GetString(), out _, out var sentItem);
        await using var mime = await _server.Store.OpenMimeAsync(user.MailboxId, sentItem);
        var message = await MimeMessage.LoadAsync(mime!);
        var image = message.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "image/png");
        Assert.Contains("cid:" + image.ContentId, message.HtmlBody);
        Assert.Contains(message.Body is Multipart m ? m.ContentType.MimeType : "", new[] { "multipart/related", "multipart/alternative" });
    }

    [Fact]
    public async Task ReplyReplyAllAndForwardBuildDraftsFromTheOriginal()
    {
        var user = await _server.UserAsync("alice");
        await _server.Directory.AddAliasAsync(user.PrimarySmtpAddress, $"al@{Domain}");
        var mime = $"From: Dave <dave@example.com>\r\nTo: Alice <al@{Domain}>, Bob <bob@{Domain}>\r\nCc: carol@{Domain}, ALICE@{Domain}\r\n" +
            "Subject: RE: Roadmap\r\nDate: Fri, 27 Nov 2026 09:00:00 +0000\r\nMessage-ID: <r2@example.com>\r\nReferences: <r1@example.com>\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
            "<p>Here is the <b>roadmap</b>.</p><script>steal()</script>\r\n--m\r\nContent-Type: application/pdf; name=roadmap.pdf\r\n" +
            "Content-Disposition: attachment; filename=roadmap.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--m--\r\n";
        await _server.DeliverAsync("alice", mime);
        using var alice = await _server.SignInAsync();
        var id = await MailApi.MessageIdAsync(alice, "inbox", "RE: Roadmap");

        var reply = await MailApi.PostAsync(alice, $"/owa/service/messages/{id}/reply", new { mode = "reply" }, HttpStatusCode.Created);
        Assert.Equal("RE: Roadmap", reply.GetProperty("subject").GetString());
        Assert.Equal(["dave@example.com"], MailApi.Addresses(reply.GetProperty("to")));
        Assert.Empty(reply.GetProperty("cc").EnumerateArray());
        Assert.Empty(reply.GetProperty("attachments").EnumerateArray());
        var quoted = reply.GetProperty("bodyHtml").GetString()!;
        Assert.Contains("<blockquote", quoted);
        Assert.Contains("<b>roadmap</b>", quoted);
        Assert.Contains("Dave &lt;dave@example.com&gt; wrote:", quoted);
        Assert.DoesNotContain("steal", quoted);
        Assert.True(reply.GetProperty("isDraft").GetBoolean());

        var all = await MailApi.PostAsync(alice, $"/owa/service/messages/{id}/reply", new { mode = "replyAll" }, HttpStatusCode.Created);
        // Alice's own addresses (primary in any case, and her alias) are left out.
        Assert.Equal(["dave@example.com", $"bob@{Domain}"], MailApi.Addresses(all.GetProperty("to")));
        Assert.Equal([$"carol@{Domain}"], MailApi.Addresses(all.GetProperty("cc")));

        var forward = await MailApi.PostAsync(alice, $"/owa/service/messages/{id}/reply", new { mode = "forward" }, HttpStatusCode.Created);
        Assert.Equal("FW: RE: Roadmap", forward.GetProperty("subject").GetString());
        Assert.Empty(forward.GetProperty("to").EnumerateArray());
        Assert.Equal("roadmap.pdf", Assert.Single(forward.GetProperty("attachments").EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains("<b>Subject:</b> RE: Roadmap", forward.GetProperty("bodyHtml").GetString());

        // A reply to the reply does not double the prefix.
        var again = await MailApi.PostAsync(alice, $"/owa/service/messages/{reply.GetProperty("id").GetString()}/reply", new { mode = "forward" }, HttpStatusCode.Created);
        Assert.Equal("FW: RE: Roadmap", again.GetProperty("subject").GetString());

        // Sent, the reply threads under the original (In-Reply-To, References).
        var sent = await MailApi.PostAsync(alice, $"/owa/service/drafts/{reply.GetProperty("id").GetString()}/send", new { });
        StoreIds.TryDecodeItem(sent.GetProperty("sentId").GetString(), out _, out var sentItem);
        await using var stream = await _server.Store.OpenMimeAsync(user.MailboxId, sentItem);
        var message = await MimeMessage.LoadAsync(stream!);
        Assert.Equal("r2@example.com", message.InReplyTo);
        Assert.Equal(["r1@example.com", "r2@example.com"], message.References.ToArray());
        Assert.Equal("RE: Roadmap", message.Subject);
        // The original is marked replied (MS-OXOMSG PidTagLastVerbExecuted 102), as ActiveSync reports it to phones.
        StoreIds.TryDecodeItem(id, out _, out var originalItem);
        var original = await _server.Store.GetItemAsync(user.MailboxId, originalItem);
        Assert.Equal(102, original!.Properties.GetInt32(PropTags.LastVerbExecuted));
        Assert.NotNull(original.Properties.GetDateTime(PropTags.LastVerbExecutionTime));

        using (var badMode = await alice.PostJsonAsync($"/owa/service/messages/{id}/reply", new { mode = "replyToAll" }))
            await OwaSession.AssertErrorAsync(badMode, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Fact]
    public async Task ADraftCanBeDiscardedAndOnlyDraftsCanBeEdited()
    {
        await _server.DeliverAsync("alice", subject: "Delivered", body: "Hello.");
        using var alice = await _server.SignInAsync();
        var draft = await MailApi.CreateDraftAsync(alice, new { subject = "Throwaway", bodyHtml = "" });
        using (var discard = await alice.DeleteAsync($"/owa/service/drafts/{draft.GetProperty("id").GetString()}"))
            Assert.Equal(HttpStatusCode.NoContent, discard.StatusCode);
        Assert.Empty(await MailApi.ItemsAsync(alice, "drafts"));

        var delivered = await MailApi.MessageIdAsync(alice, "inbox", "Delivered");
        using (var put = await alice.PutJsonAsync($"/owa/service/drafts/{delivered}", new { subject = "Changed", bodyHtml = "" }))
            await OwaSession.AssertErrorAsync(put, HttpStatusCode.Conflict, "Conflict");
        using (var send = await alice.PostJsonAsync($"/owa/service/drafts/{delivered}/send", new { }))
            await OwaSession.AssertErrorAsync(send, HttpStatusCode.Conflict, "Conflict");
        using (var discard = await alice.DeleteAsync($"/owa/service/drafts/{delivered}"))
            await OwaSession.AssertErrorAsync(discard, HttpStatusCode.Conflict, "Conflict");
        Assert.Equal("Delivered", (await MailApi.MessageAsync(alice, delivered)).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task ADraftIsAnActiveSyncDraftToo()
    {
        using var alice = await _server.SignInAsync();
        var draft = await MailApi.CreateDraftAsync(alice, new { to = new[] { MailApi.Address($"bob@{Domain}", "Bob") }, subject = "RE: Same props", bodyHtml = "<p>Hi</p>" });
        var user = await _server.UserAsync("alice");
        StoreIds.TryDecodeItem(draft.GetProperty("id").GetString(), out _, out var itemId);
        var item = await _server.Store.GetItemAsync(user.MailboxId, itemId);
        var bag = item!.Properties;
        Assert.Equal("IPM.Note", bag.GetString(PropTags.MessageClass));
        Assert.True(((MessageFlags)bag.GetInt32(PropTags.MessageFlags)!.Value).HasFlag(MessageFlags.Unsent));
        Assert.Equal("RE: ", bag.GetString(PropTags.SubjectPrefix));
        Assert.Equal("Same props", bag.GetString(PropTags.NormalizedSubject));
        Assert.Equal("Bob", bag.GetString(PropTags.DisplayTo));
        Assert.Equal("Hi", bag.GetString(PropTags.Body));
        Assert.Equal($"bob@{Domain}", Assert.Single(item.Recipients).Address);
    }

    [Fact]
    public async Task AnAttachmentLargerThanTheLimitIsTooLarge()
    {
        await using var server = await OwaTestServer.StartAsync(new Dictionary<string, string?> { ["Bourse:MaxMessageBytes"] = "4096" });
        using var alice = await server.SignInAsync();
        var draft = await MailApi.CreateDraftAsync(alice, new { subject = "Big", bodyHtml = "" });
        using var content = new ByteArrayContent(new byte[8192]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await alice.SendAsync(HttpMethod.Post, $"/owa/service/drafts/{draft.GetProperty("id").GetString()}/attachments?name=big.bin", content);
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "TooLarge");
    }

    internal static async Task<System.Text.Json.JsonElement> UploadAsync(OwaSession session, string draftId, string name, string type, byte[] bytes, bool inline = false)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var response = await session.SendAsync(HttpMethod.Post,
            $"/owa/service/drafts/{draftId}/attachments?name={Uri.EscapeDataString(name)}{(inline ? "&inline=true" : "")}", content);
        return await OwaSession.ReadAsync(response, HttpStatusCode.Created);
    }
}
