using System.Text;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;
using MimeKit;

namespace Bourse.Mailbox.Tests;

public sealed class SubmissionTests : IAsyncLifetime
{
    private MailboxTestEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MailboxTestEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private static byte[] Compose(string headers, string subject = "Plans") => TestMime.Crlf($"""
        From: Alice Archer <alice@example.com>
        {headers}
        Subject: {subject}
        Date: Tue, 4 Mar 2025 09:30:00 +0000
        Message-ID: <plans-1@example.com>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        See you at ten.
        """);

    private static bool HasHeader(byte[] mime, string name)
    {
        var headerBlock = Encoding.Latin1.GetString(mime).Split("\r\n\r\n")[0];
        return headerBlock.Split("\r\n").Any(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ToCcBccAreDeliveredAndBccIsInvisibleToRecipientsButKeptInSentItems()
    {
        var mime = Compose("To: Bob Baker <bob@example.com>\nCc: carol@example.com\nBcc: Dave Dyer <dave@example.com>");

        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, mime));

        Assert.Equal(SubmissionStatus.Submitted, result.Status);
        Assert.All(result.Recipients, r => Assert.Equal(SubmissionRecipientStatus.Delivered, r.Status));
        Assert.Equal(["bob@example.com", "carol@example.com", "dave@example.com"], result.Recipients.Select(r => r.Address));
        Assert.Null(result.NonDeliveryReportId);

        var expectedDelivered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(mime).Replace("Bcc: Dave Dyer <dave@example.com>\r\n", "", StringComparison.Ordinal));
        foreach (var r in result.Recipients)
        {
            var copy = await _env.ReadMimeAsync(r.Mailbox!.Value, r.ItemId!.Value);
            Assert.NotNull(copy);
            Assert.False(HasHeader(copy, "Bcc"));
            Assert.DoesNotContain("dave@example.com", Encoding.UTF8.GetString(copy).Split("\r\n\r\n")[0], StringComparison.Ordinal);
            Assert.Equal(expectedDelivered, copy);
            var item = await _env.Store.GetItemAsync(r.Mailbox.Value, r.ItemId.Value);
            Assert.DoesNotContain(item!.Recipients, x => x.Type == RecipientType.Bcc);
            Assert.Null(item.Properties.GetString(PropTags.DisplayBcc));
            Assert.False(item.IsRead);
        }

        var sent = Assert.Single(await _env.ListAsync(_env.Alice.MailboxId, WellKnownFolder.SentItems));
        Assert.Equal(result.SentItemId, sent.Id);
        var sentItem = await _env.Store.GetItemAsync(_env.Alice.MailboxId, sent.Id);
        Assert.True(sentItem!.IsRead);
        Assert.True(((MessageFlags)sentItem.Properties.GetInt32(PropTags.MessageFlags)!.Value).HasFlag(MessageFlags.FromMe));
        Assert.Equal(mime, await _env.ReadMimeAsync(_env.Alice.MailboxId, sent.Id));
        var bcc = Assert.Single(sentItem.Recipients, x => x.Type == RecipientType.Bcc);
        Assert.Equal("dave@example.com", bcc.Address);
        Assert.Equal("Dave Dyer", sentItem.Properties.GetString(PropTags.DisplayBcc));
        Assert.Empty(await _env.ListAsync(_env.Alice.MailboxId, WellKnownFolder.Inbox));
    }

    [Fact]
    public async Task EnvelopeRecipientsOverrideHeadersAndBlindOnesAppearAsBccInSentItems()
    {
        var mime = Compose("To: bob@example.com");
        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, mime)
        {
            EnvelopeRecipients = ["bob@example.com", "dave@example.com"],
        });

        Assert.Equal(2, result.Recipients.Count(r => r.IsDelivered));
        Assert.Single(await _env.ListAsync(_env.Dave.MailboxId, WellKnownFolder.Inbox));
        Assert.Null(await _env.Store.GetMailboxAsync(_env.Carol.MailboxId));
        var sentItem = await _env.Store.GetItemAsync(_env.Alice.MailboxId, result.SentItemId!.Value);
        Assert.Equal("dave@example.com", Assert.Single(sentItem!.Recipients, x => x.Type == RecipientType.Bcc).Address);
        Assert.Equal(mime, await _env.ReadMimeAsync(_env.Alice.MailboxId, result.SentItemId.Value));
    }

    [Fact]
    public async Task GroupsExpandRecursivelyAndEachMailboxGetsOneCopy()
    {
        var mime = Compose("To: all@example.com, team@example.com\nCc: Bob <bob@example.com>");
        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, mime));

        Assert.Equal(3, result.Recipients.Count);
        Assert.All(result.Recipients, r => Assert.True(r.IsDelivered));
        Assert.All(result.Recipients, r => Assert.Equal("all@example.com", r.ExpandedFrom));
        foreach (var user in new[] { _env.Bob, _env.Carol, _env.Dave })
            Assert.Single(await _env.ListAsync(user.MailboxId, WellKnownFolder.Inbox));
    }

    [Fact]
    public async Task ExternalRecipientGetsAnRfc3464NonDeliveryReportInSendersInbox()
    {
        var mime = Compose("To: bob@example.com, Xavier <xavier@outside.test>");
        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, mime));

        Assert.Equal(SubmissionStatus.Submitted, result.Status);
        Assert.True(result.Recipients.Single(r => r.Address == "bob@example.com").IsDelivered);
        var failed = result.Recipients.Single(r => r.Address == "xavier@outside.test");
        Assert.Equal(SubmissionRecipientStatus.NoRoute, failed.Status);
        Assert.Equal("5.4.1", failed.EnhancedStatusCode);

        var inbox = await _env.ListAsync(_env.Alice.MailboxId, WellKnownFolder.Inbox);
        var ndrSummary = Assert.Single(inbox);
        Assert.Equal(result.NonDeliveryReportId, ndrSummary.Id);
        Assert.Equal("REPORT.IPM.Note.NDR", ndrSummary.MessageClass);
        Assert.Equal("Undeliverable: Plans", ndrSummary.Subject);

        var report = await ParseNdrAsync(ndrSummary.Id);
        Assert.Equal("postmaster@example.com", report.Message.From.Mailboxes.Single().Address);
        Assert.Equal("alice@example.com", report.Message.To.Mailboxes.Single().Address);
        Assert.Equal("plans-1@example.com", report.Message.InReplyTo);
        Assert.Equal("auto-replied", report.Message.Headers["Auto-Submitted"]);
        Assert.Contains("Delivery has failed to these recipients or groups", report.HumanText, StringComparison.Ordinal);
        Assert.Contains("xavier@outside.test", report.HumanText, StringComparison.Ordinal);

        Assert.Equal("dns; mail.example.com", report.Status.StatusGroups[0]["Reporting-MTA"]);
        var group = Assert.Single(report.Status.StatusGroups.Skip(1));
        Assert.Equal("rfc822; xavier@outside.test", group["Final-Recipient"]);
        Assert.Equal("failed", group["Action"]);
        Assert.Equal("5.4.1", group["Status"]);
        Assert.Equal("smtp; 550 5.4.1 Recipient address rejected: Access denied", group["Diagnostic-Code"]);

        Assert.Contains("\nSubject: Plans\n", report.OriginalHeaders.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Message-ID: <plans-1@example.com>", report.OriginalHeaders, StringComparison.Ordinal);
        Assert.DoesNotContain("See you at ten", report.OriginalHeaders, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownLocalAndExternalAndFullMailboxShareOneNdr()
    {
        await _env.Operations.EnsureMailboxAsync(_env.Carol);
        await _env.Store.SetQuotaAsync(_env.Carol.MailboxId, new MailboxQuota(ProhibitReceiveBytes: 0));
        var mime = Compose("To: ghost@example.com, far@away.test, carol@example.com, bob@example.com");

        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, mime));

        Assert.Equal("5.1.1", result.Recipients.Single(r => r.Address == "ghost@example.com").EnhancedStatusCode);
        Assert.Equal(SubmissionRecipientStatus.RecipientNotFound, result.Recipients.Single(r => r.Address == "ghost@example.com").Status);
        Assert.Equal(SubmissionRecipientStatus.MailboxFull, result.Recipients.Single(r => r.Address == "carol@example.com").Status);
        Assert.True(result.Recipients.Single(r => r.Address == "bob@example.com").IsDelivered);

        var ndr = Assert.Single(await _env.ListAsync(_env.Alice.MailboxId, WellKnownFolder.Inbox));
        var report = await ParseNdrAsync(ndr.Id);
        var groups = report.Status.StatusGroups.Skip(1).ToDictionary(g => g["Final-Recipient"] ?? "", g => g["Status"] ?? "");
        Assert.Equal(new Dictionary<string, string>
        {
            ["rfc822; ghost@example.com"] = "5.1.1",
            ["rfc822; far@away.test"] = "5.4.1",
            ["rfc822; carol@example.com"] = "5.2.2",
        }, groups);
        Assert.Contains("RESOLVER.ADR.RecipNotFound", report.Status.StatusGroups[1]["Diagnostic-Code"], StringComparison.Ordinal);
        Assert.Empty(await _env.ListAsync(_env.Carol.MailboxId, WellKnownFolder.Inbox));
    }

    [Fact]
    public async Task SaveInSentItemsFalseLeavesSentItemsEmpty()
    {
        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, Compose("To: bob@example.com")) { SaveInSentItems = false });
        Assert.Null(result.SentItemId);
        Assert.Empty(await _env.ListAsync(_env.Alice.MailboxId, WellKnownFolder.SentItems));
        Assert.Single(await _env.ListAsync(_env.Bob.MailboxId, WellKnownFolder.Inbox));
    }

    [Fact]
    public async Task SenderOverSendQuotaCannotSendAndNothingIsWritten()
    {
        await _env.Operations.EnsureMailboxAsync(_env.Alice);
        await _env.Store.SetQuotaAsync(_env.Alice.MailboxId, new MailboxQuota(ProhibitSendBytes: 0));
        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, Compose("To: bob@example.com")));
        Assert.Equal(SubmissionStatus.SendQuotaExceeded, result.Status);
        Assert.Empty(result.Recipients);
        Assert.Null(await _env.Store.GetMailboxAsync(_env.Bob.MailboxId));
        Assert.Empty(await _env.ListAsync(_env.Alice.MailboxId, WellKnownFolder.SentItems));
    }

    [Fact]
    public async Task MessageWithoutRecipientsIsRefused()
    {
        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, Compose("X-Nothing: here")));
        Assert.Equal(SubmissionStatus.NoRecipients, result.Status);
        Assert.Empty(await _env.ListAsync(_env.Alice.MailboxId, WellKnownFolder.SentItems));
    }

    [Fact]
    public async Task OversizedSubmissionIsRefused()
    {
        await using var env = await MailboxTestEnvironment.CreateAsync(new MailDeliveryOptions { MaxMessageBytes = 100 });
        var result = await env.Submission.SubmitAsync(new SubmitRequest(env.Alice, Compose("To: bob@example.com")));
        Assert.Equal(SubmissionStatus.MessageTooLarge, result.Status);
        Assert.Null(await env.Store.GetMailboxAsync(env.Bob.MailboxId));
    }

    [Fact]
    public async Task MessageWithoutFromIsSentAsTheAuthenticatedUser()
    {
        var mime = TestMime.Crlf("To: bob@example.com\nSubject: anonymous?\n\nhi\n");
        var result = await _env.Submission.SubmitAsync(new SubmitRequest(_env.Alice, mime));
        var item = await _env.Store.GetItemAsync(_env.Bob.MailboxId, result.Recipients[0].ItemId!.Value);
        Assert.Equal("alice@example.com", item!.Properties.GetString(PropTags.SenderSmtpAddress));
        Assert.Equal("Alice Archer", item.Properties.GetString(PropTags.SentRepresentingName));
    }

    private sealed record ParsedNdr(MimeMessage Message, string HumanText, MessageDeliveryStatus Status, string OriginalHeaders);

    private async Task<ParsedNdr> ParseNdrAsync(Bourse.Core.Ids.ItemId id)
    {
        var bytes = await _env.ReadMimeAsync(_env.Alice.MailboxId, id);
        var message = MimeMessage.Load(new MemoryStream(bytes!));
        var report = Assert.IsType<MultipartReport>(message.Body);
        Assert.Equal("delivery-status", report.ReportType);
        Assert.Equal(3, report.Count);
        var human = Assert.IsType<TextPart>(report[0]);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        var headers = Assert.IsAssignableFrom<MimeEntity>(report[2]);
        Assert.Equal("text/rfc822-headers", headers.ContentType.MimeType);
        using var ms = new MemoryStream();
        switch (headers)
        {
            case MimePart part:
                await part.Content!.DecodeToAsync(ms);
                break;
            case MessagePart mp:
                await mp.Message!.WriteToAsync(ms);
                break;
        }
        return new ParsedNdr(message, human.Text, status, Encoding.UTF8.GetString(ms.ToArray()));
    }
}
