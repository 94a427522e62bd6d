using System.Net;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;
using MimeKit;

namespace Bourse.ActiveSync.Tests.Handlers;

/// SendMail, SmartReply and SmartForward (MS-ASCMD 2.2.1.17, 2.2.1.19, 2.2.1.20) over HTTPS: 14.1 WBXML and 12.1 raw
/// MIME, Sent Items, ClientId retries, sender spoofing, the original appended and marked, and each failure status.
public sealed class ComposeMailTests : IAsyncLifetime
{
    private const string Domain = EasTestServer.Domain;
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    [Trait("Scenario", "MSASCMD_S15_TC01_SendMail_Success")]
    public async Task SendMail141DeliversToTheRecipientAndKeepsASentItemsCopyOnlyWhenAsked()
    {
        using var device = await _server.DeviceAsync();
        var saved = await device.SendAsync("SendMail", SendMail("c-1", Message("Quarterly figures", "Numbers attached soon."), saveInSent: true));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Empty(saved.Body);

        var delivered = Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox));
        Assert.Equal("Quarterly figures", delivered.Subject);
        Assert.Contains("Numbers attached soon.", await MimeTextAsync("bob", delivered));
        Assert.Equal("Quarterly figures", Assert.Single(await ItemsAsync("alice", WellKnownFolder.SentItems)).Subject);

        var unsaved = await device.SendAsync("SendMail", SendMail("c-2", Message("No copy", "Not kept."), saveInSent: false));
        Assert.Equal(HttpStatusCode.OK, unsaved.Status);
        Assert.Contains(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "No copy");
        Assert.DoesNotContain(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "No copy");
    }

    [Fact]
    public async Task SendMail121SendsTheRawMessageWithSaveInSentOnTheRequestLine()
    {
        using var device = await _server.DeviceAsync(version: "14.1");
        device.Version = "12.1";
        var r = await device.SendRawAsync("SendMail", EasDevice.Mime(Message("Old phone", "Sent from 12.1.")), "&SaveInSent=T");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Empty(r.Body);
        Assert.Contains(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "Old phone");
        Assert.Contains(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "Old phone");

        var unsaved = await device.SendRawAsync("SendMail", EasDevice.Mime(Message("Old phone 2", "Not kept.")), "&SaveInSent=F");
        Assert.Equal(HttpStatusCode.OK, unsaved.Status);
        Assert.Contains(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "Old phone 2");
        Assert.DoesNotContain(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "Old phone 2");
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S21_TC06_CommonStatusCode_118")]
    public async Task ARetryWithTheSameClientIdIsNotSentTwice()
    {
        using var device = await _server.DeviceAsync();
        var mime = Message("Once only", "Hello Bob.");
        Assert.Equal(HttpStatusCode.OK, (await device.SendAsync("SendMail", SendMail("retry-7", mime))).Status);
        // The device lost our answer and sends the same message again.
        var retry = await device.SendAsync("SendMail", SendMail("retry-7", mime));
        Assert.Equal("118", retry.TopStatus);
        Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "Once only");

        // The same content under a new ClientId is a new message.
        Assert.Equal(HttpStatusCode.OK, (await device.SendAsync("SendMail", SendMail("retry-8", mime))).Status);
        Assert.Equal(2, (await ItemsAsync("bob", WellKnownFolder.Inbox)).Count(i => i.Subject == "Once only"));

        // ClientIds are remembered per device: another device of the same user may use the same counter.
        using var other = await _server.DeviceAsync(deviceId: "Dev2");
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync("SendMail", SendMail("retry-7", Message("Other device", "Hi.")))).Status);
        Assert.Contains(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "Other device");
    }

    [Fact]
    public async Task AFromOrSenderOtherThanTheSignedInUserIsRefused()
    {
        using var device = await _server.DeviceAsync();
        var spoofed = Message("Payroll change", "Please pay me.", from: $"Bob <bob@{Domain}>", to: $"bob@{Domain}");
        var r = await device.SendAsync("SendMail", SendMail("s-1", spoofed));
        Assert.Equal("130", r.TopStatus);

        var sender = $"From: Alice <alice@{Domain}>\r\nSender: carol@example.com\r\nTo: bob@{Domain}\r\nSubject: Via\r\n\r\nx\r\n";
        Assert.Equal("130", (await device.SendAsync("SendMail", SendMail("s-2", sender))).TopStatus);

        var group = $"From: undisclosed:;\r\nTo: bob@{Domain}\r\nSubject: Nobody\r\n\r\nx\r\n";
        Assert.Equal("130", (await device.SendAsync("SendMail", SendMail("s-3", group))).TopStatus);

        device.Version = "12.1";
        Assert.Equal(HttpStatusCode.Forbidden, (await device.SendRawAsync("SendMail", EasDevice.Mime(spoofed))).Status);
        Assert.Empty(await ItemsAsync("bob", WellKnownFolder.Inbox));
    }

    [Fact]
    public async Task AMessageWithoutFromIsSentAsTheUserAndTheSameAddressInAnyCaseIsAccepted()
    {
        using var device = await _server.DeviceAsync();
        var noFrom = $"To: bob@{Domain}\r\nSubject: Anonymous?\r\n\r\nNo From header.\r\n";
        Assert.Equal(HttpStatusCode.OK, (await device.SendAsync("SendMail", SendMail("f-1", noFrom))).Status);
        var item = Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox));
        var mime = await MimeAsync("bob", item);
        Assert.Equal($"alice@{Domain}", mime.From.Mailboxes.Single().Address);
        Assert.False(string.IsNullOrEmpty(mime.MessageId));

        var upper = Message("Shouting", "Hi.", from: $"ALICE@{Domain.ToUpperInvariant()}");
        Assert.Equal(HttpStatusCode.OK, (await device.SendAsync("SendMail", SendMail("f-2", upper))).Status);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S18_TC02_SmartReply_Success")]
    public async Task SmartReplyQuotesTheOriginalThreadsItAndMarksItReplied()
    {
        var original = await DeliverFromBobAsync("Lunch?", "Shall we meet at noon?\r\nBring the slides.");
        using var device = await _server.DeviceAsync();
        var reply = Message("RE: Lunch?", "Noon is fine.");
        var r = await device.SendAsync("SmartReply", Smart("SmartReply", "r-1", reply, original.FolderId, original.Id));
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Empty(r.Body);

        var received = Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "RE: Lunch?");
        var mime = await MimeAsync("bob", received);
        var text = mime.TextBody;
        Assert.StartsWith("Noon is fine.", text, StringComparison.Ordinal);
        Assert.Contains("> Shall we meet at noon?", text, StringComparison.Ordinal);
        Assert.Contains("> Bring the slides.", text, StringComparison.Ordinal);
        Assert.Contains("wrote:", text, StringComparison.Ordinal);
        var originalId = original.Properties.GetString(PropTags.InternetMessageId)!.Trim('<', '>');
        Assert.Equal(originalId, mime.InReplyTo);
        Assert.Contains(originalId, mime.References);

        var marked = (await _server.Store.GetItemAsync(await MailboxAsync("alice"), original.Id))!;
        Assert.Equal(102, marked.Properties.GetInt32(PropTags.LastVerbExecuted));
        Assert.Equal(0x105, marked.Properties.GetInt32(PropTags.IconIndex));
        Assert.NotNull(marked.Properties.GetDateTime(PropTags.LastVerbExecutionTime));
        // Not asked to save: no Sent Items copy.
        Assert.Empty(await ItemsAsync("alice", WellKnownFolder.SentItems));
    }

    [Fact]
    public async Task SmartReplyWithReplaceMimeSendsTheDevicesMessageAsIsButThreaded()
    {
        var original = await DeliverFromBobAsync("Budget", "The original text.");
        using var device = await _server.DeviceAsync();
        var reply = Message("RE: Budget", "My full reply, edited inline.", to: $"bob@{Domain}, carol@{Domain}");
        var r = await device.SendAsync("SmartReply", Smart("SmartReply", "r-2", reply, original.FolderId, original.Id, replaceMime: true, save: true));
        Assert.Equal(HttpStatusCode.OK, r.Status);

        var mime = await MimeAsync("bob", Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "RE: Budget"));
        Assert.DoesNotContain("The original text.", mime.TextBody, StringComparison.Ordinal);
        Assert.Equal(original.Properties.GetString(PropTags.InternetMessageId)!.Trim('<', '>'), mime.InReplyTo);
        Assert.Contains(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "RE: Budget");
        // Two recipients: a reply to all.
        Assert.Equal(103, (await _server.Store.GetItemAsync(await MailboxAsync("alice"), original.Id))!.Properties.GetInt32(PropTags.LastVerbExecuted));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S17_TC01_SmartForward_Success")]
    public async Task SmartForwardCarriesTheOriginalTextAndAttachments()
    {
        var payload = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        var original = await DeliverFromBobAsync("Contract", "Please sign the contract.", ("contract.pdf", "application/pdf", payload));
        using var device = await _server.DeviceAsync();
        var forward = Message("FW: Contract", "For your review.", to: $"bob@{Domain}");
        var r = await device.SendAsync("SmartForward", Smart("SmartForward", "fw-1", forward, original.FolderId, original.Id));
        Assert.Equal(HttpStatusCode.OK, r.Status);

        var mime = await MimeAsync("bob", Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "FW: Contract"));
        Assert.StartsWith("For your review.", mime.TextBody, StringComparison.Ordinal);
        Assert.Contains("Original Message", mime.TextBody, StringComparison.Ordinal);
        Assert.Contains("Please sign the contract.", mime.TextBody, StringComparison.Ordinal);
        var attachment = Assert.Single(mime.Attachments.OfType<MimePart>());
        Assert.Equal("contract.pdf", attachment.FileName);
        using var decoded = new MemoryStream();
        attachment.Content!.DecodeTo(decoded);
        Assert.Equal(payload, decoded.ToArray());

        var marked = (await _server.Store.GetItemAsync(await MailboxAsync("alice"), original.Id))!;
        Assert.Equal(104, marked.Properties.GetInt32(PropTags.LastVerbExecuted));
        Assert.Equal(0x106, marked.Properties.GetInt32(PropTags.IconIndex));
    }

    [Fact]
    public async Task AnHtmlOriginalIsQuotedInABlockquoteBesideAPlainTextQuote()
    {
        var html = "<html><body><p>The <b>launch</b> moves to Friday.</p></body></html>";
        var mimeText = $"From: Bob <bob@{Domain}>\r\nTo: alice@{Domain}\r\nSubject: Launch\r\nMessage-ID: <launch-1@{Domain}>\r\nMIME-Version: 1.0\r\n" +
                       $"Content-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n";
        Assert.True((await _server.Delivery.DeliverAsync($"alice@{Domain}", Encoding.UTF8.GetBytes(mimeText))).IsDelivered);
        var original = Assert.Single(await ItemsAsync("alice", WellKnownFolder.Inbox));
        using var device = await _server.DeviceAsync();
        Assert.Equal(HttpStatusCode.OK, (await device.SendAsync("SmartReply",
            Smart("SmartReply", "h-1", Message("RE: Launch", "Friday <works> for me."), original.FolderId, original.Id))).Status);

        var mime = await MimeAsync("bob", Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox)));
        Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.StartsWith("Friday <works> for me.", mime.TextBody, StringComparison.Ordinal);
        Assert.Contains("> The launch moves to Friday.", mime.TextBody, StringComparison.Ordinal);
        // The device's text is escaped into the HTML; the original's HTML is kept inside the blockquote.
        Assert.Contains("Friday &lt;works&gt; for me.", mime.HtmlBody, StringComparison.Ordinal);
        var quote = mime.HtmlBody!.IndexOf("<blockquote", StringComparison.Ordinal);
        Assert.True(quote > 0 && mime.HtmlBody.IndexOf("<p>The <b>launch</b> moves to Friday.</p>", StringComparison.Ordinal) > quote, mime.HtmlBody);
        Assert.Equal("launch-1@" + Domain, mime.InReplyTo);
    }

    [Fact]
    public async Task AnOriginalStoredWithoutMimeIsForwardedFromItsProperties()
    {
        var alice = await MailboxAsync("alice");
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        var bag = new PropertyBag()
            .Set(PropTags.MessageClass, "IPM.Note")
            .Set(PropTags.Subject, "Made by another client")
            .Set(PropTags.Body, "Created without MIME.")
            .Set(PropTags.SenderName, "Bob")
            .Set(PropTags.SenderSmtpAddress, $"bob@{Domain}")
            .Set(PropTags.InternetMessageId, $"<no-mime-1@{Domain}>");
        var item = new NewItem(bag);
        var bytes = Encoding.ASCII.GetBytes("col1,col2\r\n1,2\r\n");
        item.Attachments.Add(new NewAttachment(new PropertyBag()
            .Set(PropTags.AttachMethod, (int)AttachMethod.ByValue)
            .Set(PropTags.AttachLongFilename, "table.csv")
            .Set(PropTags.AttachMimeTag, "text/csv"), bytes));
        var created = (await _server.Store.CreateItemAsync(alice, inbox, item)).Value;
        Assert.False(created.HasMime);

        using var device = await _server.DeviceAsync();
        Assert.Equal(HttpStatusCode.OK, (await device.SendAsync("SmartForward",
            Smart("SmartForward", "p-1", Message("FW: Made by another client", "FYI."), inbox, created.Id))).Status);
        var mime = await MimeAsync("bob", Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox)));
        Assert.Contains("Created without MIME.", mime.TextBody, StringComparison.Ordinal);
        Assert.Contains("From: Bob <bob@" + Domain + ">", mime.TextBody, StringComparison.Ordinal);
        var attachment = Assert.Single(mime.Attachments.OfType<MimePart>());
        Assert.Equal("table.csv", attachment.FileName);
        using var decoded = new MemoryStream();
        attachment.Content!.DecodeTo(decoded);
        Assert.Equal(bytes, decoded.ToArray());
        Assert.Contains("no-mime-1@" + Domain, mime.References);
    }

    [Fact]
    public async Task SmartForwardIn121TakesTheOriginalFromTheRequestLine()
    {
        var original = await DeliverFromBobAsync("Old style", "Forward me.");
        using var device = await _server.DeviceAsync();
        device.Version = "12.1";
        var serverId = ServerIds.Format(original.FolderId, original.Id);
        var r = await device.SendRawAsync("SmartForward", EasDevice.Mime(Message("FW: Old style", "See below.")),
            $"&ItemId={Uri.EscapeDataString(serverId)}&CollectionId={original.FolderId.Value}&SaveInSent=T");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        var mime = await MimeAsync("bob", Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "FW: Old style"));
        Assert.Contains("Forward me.", mime.TextBody, StringComparison.Ordinal);
        Assert.Contains(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "FW: Old style");
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S17_TC02_SmartForward_Fail")]
    [Trait("Scenario", "MSASCMD_S21_TC13_CommonStatusCode_150")]
    public async Task AMissingOriginalIsItemNotFoundAndNothingIsSent()
    {
        using var device = await _server.DeviceAsync();
        var inbox = (await _server.Store.GetWellKnownFolderAsync(await MailboxAsync("alice"), WellKnownFolder.Inbox))!.Id;
        var r = await device.SendAsync("SmartReply", Smart("SmartReply", "m-1", Message("RE: Ghost", "Hi."), inbox, new ItemId(999_999)));
        Assert.Equal("150", r.TopStatus);
        var malformed = await device.SendAsync("SmartForward", Wb.E("ComposeMail:SmartForward", Wb.E("ComposeMail:ClientId", "m-2"),
            Wb.E("ComposeMail:Source", Wb.E("ComposeMail:ItemId", "not-an-id")), Wb.E("ComposeMail:Mime", Bytes(Message("FW: Ghost", "Hi.")))));
        Assert.Equal("150", malformed.TopStatus);

        // Another user's item id names nothing in alice's mailbox.
        var bobs = await DeliverToBobAsync("Private", "Bob's eyes only.");
        var foreign = await device.SendAsync("SmartForward", Smart("SmartForward", "m-3", Message("FW: Private", "Hi."), bobs.FolderId, bobs.Id));
        Assert.Equal("150", foreign.TopStatus);

        device.Version = "12.1";
        var old = await device.SendRawAsync("SmartReply", EasDevice.Mime(Message("RE: Ghost", "Hi.")), "&ItemId=5%3A999999&CollectionId=5");
        Assert.Equal(HttpStatusCode.BadRequest, old.Status);
        Assert.DoesNotContain(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject is "RE: Ghost" or "FW: Ghost" or "FW: Private");
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S15_TC02_SendMail_AccountIdInvalid")]
    [Trait("Scenario", "MSASCMD_S21_TC01_CommonStatusCode_166")]
    [Trait("Scenario", "MSASCMD_S21_TC08_CommonStatusCode_103")]
    [Trait("Scenario", "MSASCMD_S21_TC09_CommonStatusCode_119")]
    public async Task MalformedRequestsGetTheirComposeMailStatus()
    {
        using var device = await _server.DeviceAsync();
        // No Mime element: the request does not follow the schema.
        Assert.Equal("103", (await device.SendAsync("SendMail", Wb.E("ComposeMail:SendMail", Wb.E("ComposeMail:ClientId", "x-1")))).TopStatus);
        // ClientId over 40 characters.
        Assert.Equal("103", (await device.SendAsync("SendMail", SendMail(new string('c', 41), Message("Long id", "x")))).TopStatus);
        // Not a message at all.
        Assert.Equal("107", (await device.SendAsync("SendMail", SendMail("x-2", "\u0001\u0002 this is not a message"))).TopStatus);
        // A message nobody is addressed in.
        Assert.Equal("119", (await device.SendAsync("SendMail", SendMail("x-3", $"From: alice@{Domain}\r\nSubject: To whom?\r\n\r\nx\r\n"))).TopStatus);
        // An account this server never published in Settings.
        var withAccount = SendMail("x-4", Message("Account", "x"));
        withAccount.Add(Wb.E("ComposeMail:AccountId", "42"));
        Assert.Equal("166", (await device.SendAsync("SendMail", withAccount)).TopStatus);
        Assert.Empty(await ItemsAsync("bob", WellKnownFolder.Inbox));

        device.Version = "12.1";
        Assert.Equal(HttpStatusCode.BadRequest, (await device.SendRawAsync("SendMail", EasDevice.Mime("\u0001\u0002 not a message"))).Status);
    }

    [Fact]
    public async Task ASenderOverTheSendQuotaIsRefusedWith115()
    {
        var alice = await MailboxAsync("alice");
        await _server.DeliverAsync("alice", "Filler", new string('x', 4000));
        Assert.True((await _server.Store.SetQuotaAsync(alice, new MailboxQuota(ProhibitSendBytes: 1))).IsSuccess);
        using var device = await _server.DeviceAsync();
        Assert.Equal("115", (await device.SendAsync("SendMail", SendMail("q-1", Message("Over quota", "x")))).TopStatus);
        device.Version = "12.1";
        Assert.Equal(HttpStatusCode.InsufficientStorage, (await device.SendRawAsync("SendMail", EasDevice.Mime(Message("Over quota", "x")))).Status);
        Assert.Empty(await ItemsAsync("bob", WellKnownFolder.Inbox));

        // A failed send does not use up its ClientId: once the quota is lifted the same message goes out.
        Assert.True((await _server.Store.SetQuotaAsync(alice, MailboxQuota.Unlimited)).IsSuccess);
        device.Version = "14.1";
        Assert.Equal(HttpStatusCode.OK, (await device.SendAsync("SendMail", SendMail("q-1", Message("Over quota", "x")))).Status);
        Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox));
    }

    [Fact]
    public async Task RetriesArrivingTogetherStillSendOnce()
    {
        using var device = await _server.DeviceAsync();
        var request = SendMail("burst-1", Message("Burst", "Sent while the first attempt is still running."));
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => device.SendAsync("SendMail", request)));
        Assert.Single(answers, a => a.Status == HttpStatusCode.OK && a.Body.Length == 0);
        Assert.Equal(5, answers.Count(a => a.TopStatus == "118"));
        Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == "Burst");
    }

    private static string Message(string subject, string body, string? from = null, string? to = null) =>
        $"From: {from ?? $"Alice <alice@{Domain}>"}\r\nTo: {to ?? $"bob@{Domain}"}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n" +
        $"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    private static byte[] Bytes(string mime) => Encoding.UTF8.GetBytes(mime);

    private static WbxmlElement SendMail(string clientId, string mime, bool saveInSent = false) =>
        Wb.E("ComposeMail:SendMail", Wb.E("ComposeMail:ClientId", clientId), saveInSent ? Wb.E("ComposeMail:SaveInSentItems") : null,
            Wb.E("ComposeMail:Mime", Bytes(mime)));

    private static WbxmlElement Smart(string command, string clientId, string mime, FolderId folder, ItemId item,
        bool replaceMime = false, bool save = false) =>
        Wb.E($"ComposeMail:{command}", Wb.E("ComposeMail:ClientId", clientId),
            Wb.E("ComposeMail:Source", Wb.E("ComposeMail:FolderId", folder.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Wb.E("ComposeMail:ItemId", ServerIds.Format(folder, item))),
            save ? Wb.E("ComposeMail:SaveInSentItems") : null,
            replaceMime ? Wb.E("ComposeMail:ReplaceMime") : null,
            Wb.E("ComposeMail:Mime", Bytes(mime)));

    private async Task<MailboxId> MailboxAsync(string user) => (await _server.UserAsync(user)).MailboxId;

    private async Task<List<Item>> ItemsAsync(string user, WellKnownFolder folder)
    {
        var mailbox = await MailboxAsync(user);
        var f = (await _server.Store.GetWellKnownFolderAsync(mailbox, folder))!;
        var page = await _server.Store.ListItemsAsync(mailbox, f.Id, new ItemQuery { Limit = 500 });
        var items = new List<Item>();
        foreach (var s in page.Items)
            items.Add((await _server.Store.GetItemAsync(mailbox, s.Id))!);
        return items;
    }

    private async Task<MimeMessage> MimeAsync(string user, Item item)
    {
        await using var stream = (await _server.Store.OpenMimeAsync(await MailboxAsync(user), item.Id))!;
        return await MimeMessage.LoadAsync(stream);
    }

    private async Task<string> MimeTextAsync(string user, Item item) => (await MimeAsync(user, item)).TextBody ?? "";

    /// A message from bob in alice's Inbox, optionally with an attachment.
    private async Task<Item> DeliverFromBobAsync(string subject, string body, (string Name, string Type, byte[] Bytes)? attachment = null)
    {
        var messageId = $"{Guid.NewGuid():N}@{Domain}";
        var headers = $"From: Bob <bob@{Domain}>\r\nTo: Alice <alice@{Domain}>\r\nSubject: {subject}\r\nDate: {DateTime.UtcNow:R}\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n";
        string mime;
        if (attachment is { } a)
        {
            var b64 = Convert.ToBase64String(a.Bytes, Base64FormattingOptions.InsertLineBreaks);
            mime = headers + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
                   $"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n" +
                   $"--b1\r\nContent-Type: {a.Type}; name=\"{a.Name}\"\r\nContent-Disposition: attachment; filename=\"{a.Name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--b1--\r\n";
        }
        else
        {
            mime = headers + $"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";
        }

        var r = await _server.Delivery.DeliverAsync($"alice@{Domain}", Encoding.UTF8.GetBytes(mime));
        Assert.True(r.IsDelivered, r.ToString());
        return Assert.Single(await ItemsAsync("alice", WellKnownFolder.Inbox), i => i.Subject == subject);
    }

    private async Task<Item> DeliverToBobAsync(string subject, string body)
    {
        await _server.DeliverAsync("bob", subject, body);
        return Assert.Single(await ItemsAsync("bob", WellKnownFolder.Inbox), i => i.Subject == subject);
    }
}
