using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Server.Tests.Infrastructure;
using MimeKit;

namespace Bourse.Server.Tests.Import;

public sealed class ImportExportTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _work = new();

    public void Dispose()
    {
        _data.Dispose();
        _work.Dispose();
    }

    private Task<CliResult> Run(params string[] args) => BourseProcess.RunAsync([.. args, "--data", _data.Path]);

    private const string QuotedFromMessage =
        "From: Alice <alice@x.test>\nTo: z@x.test\nSubject: one\nDate: Tue, 02 Jan 2024 08:00:00 +0000\nMessage-ID: <1@x.test>\nStatus: RO\n\n"
        + "body line\nFrom here it continues without a blank line before\n>From the start, this line was quoted\n\nlast paragraph\n";
    private const string CrlfMessage = "From: b@x.test\r\nTo: z@x.test\r\nSubject: two crlf\r\nDate: Wed, 03 Jan 2024 09:30:00 +0100\r\n\r\nbody\r\n";
    private const string NoDateMessage = "From: d@x.test\nTo: z@x.test\nSubject: no date\n\nhi there\n";
    private const string MalformedBody = "this is not a header line\n\njust text\n";

    private static string Mbox() =>
        "From alice@x.test Mon Jan  1 10:00:00 2024\n" + QuotedFromMessage + "\n"
        + "From b@x.test Wed Jan  3 00:00:00 2024\n" + CrlfMessage + "\r\n"
        + "From c@x.test Thu Jan  4 00:00:00 2024\n" + MalformedBody + "\n"
        + "From d@x.test Fri Jan  5 12:34:56 2024\n" + NoDateMessage;

    [Fact]
    public async Task MboxImportKeepsMessagesDatesAndReadStateAndReportsBadMessages()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "imp@x.test")).ExitCode);
        var mbox = _work.Combine("mail.mbox");
        await File.WriteAllTextAsync(mbox, Mbox());

        var result = await Run("import", "imp@x.test", mbox);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Imported 3 messages", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("bad 1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("bad message 3", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("no header section", result.Stdout, StringComparison.Ordinal);

        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            var mailbox = await inspector.MailboxOfAsync("imp@x.test");
            var inbox = (await inspector.FoldersByPathAsync(mailbox))["Inbox"];
            var items = (await inspector.ListAllAsync(mailbox, inbox.Id)).ToDictionary(i => i.Subject);
            Assert.Equal(["no date", "one", "two crlf"], items.Keys.Order(StringComparer.Ordinal));

            // The mbox keeps lines in the local convention (RFC 4155): LF-only messages get their CRLFs back, every other
            // byte (a quoted >From line included) as in the file; a message already in CRLF is kept exactly.
            Assert.Equal(Encoding.UTF8.GetBytes(QuotedFromMessage.Replace("\n", "\r\n", StringComparison.Ordinal)), await inspector.ReadMimeAsync(mailbox, items["one"].Id));
            Assert.Equal(Encoding.UTF8.GetBytes(CrlfMessage), await inspector.ReadMimeAsync(mailbox, items["two crlf"].Id));
            Assert.Equal(Encoding.UTF8.GetBytes(NoDateMessage.Replace("\n", "\r\n", StringComparison.Ordinal)), await inspector.ReadMimeAsync(mailbox, items["no date"].Id));

            Assert.Equal(new DateTime(2024, 1, 2, 8, 0, 0, DateTimeKind.Utc), items["one"].ReceivedUtc);
            Assert.Equal(new DateTime(2024, 1, 3, 8, 30, 0, DateTimeKind.Utc), items["two crlf"].ReceivedUtc);
            Assert.Equal(new DateTime(2024, 1, 5, 12, 34, 56, DateTimeKind.Utc), items["no date"].ReceivedUtc); // From_ line

            Assert.True(items["one"].IsRead);
            Assert.False(items["two crlf"].IsRead);
            Assert.False(items["no date"].IsRead);
        }

        // Running the same import again duplicates nothing.
        var again = await Run("import", "imp@x.test", mbox);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Imported 0 messages", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("skipped 3", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaildirImportMapsSeenFlagsAndSubfolders()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "md@x.test")).ExitCode);
        var root = _work.Combine("Maildir");
        static string Msg(string subject) => $"From: m@x.test\nTo: md@x.test\nSubject: {subject}\n\ntext of {subject}\n";
        void Put(string relative, string content)
        {
            var path = Path.Combine(root, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        Put("cur/1700000000.M1P1.host:2,S", Msg("seen"));
        Put("cur/1700000100.M2P1.host:2,FR", Msg("flagged not seen"));
        Put("new/1700000200.M3P1.host", Msg("new"));
        System.IO.Directory.CreateDirectory(Path.Combine(root, "tmp"));
        Put(".Archive/cur/1700000300.M4P1.host:2,RS", Msg("archived"));
        Put(".Sent/cur/1700000400.M5P1.host:2,S", Msg("sent"));
        Put(".Lists.dev/new/1700000500.M6P1.host", Msg("list"));
        Put(".Entw&APw-rfe/cur/1700000600.M7P1.host:2,", Msg("draft-ish"));

        var result = await Run("import", "md@x.test", root);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Imported 7 messages", result.Stdout, StringComparison.Ordinal);

        await using var inspector = await StoreInspector.OpenAsync(_data.Path);
        var mailbox = await inspector.MailboxOfAsync("md@x.test");
        var folders = await inspector.FoldersByPathAsync(mailbox);
        async Task<Dictionary<string, ItemSummary>> In(string path) =>
            (await inspector.ListAllAsync(mailbox, folders[path].Id)).ToDictionary(i => i.Subject);

        var inbox = await In("Inbox");
        Assert.True(inbox["seen"].IsRead);
        Assert.False(inbox["flagged not seen"].IsRead);
        Assert.False(inbox["new"].IsRead);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).UtcDateTime, inbox["seen"].ReceivedUtc);
        Assert.True((await In("Archive"))["archived"].IsRead);
        Assert.True((await In("Sent Items"))["sent"].IsRead);
        Assert.False((await In("Lists/dev"))["list"].IsRead);
        Assert.Contains("draft-ish", (await In("Entwürfe")).Keys);
    }

    [Fact]
    public async Task AnImportOfManyBatchesCountsEveryMessageAndKeepsTheSourceOrder()
    {
        // 350 messages are four batches, written while the next ones are read and mapped.
        Assert.Equal(0, (await Run("mailbox", "new", "many@x.test")).ExitCode);
        var mbox = _work.Combine("many.mbox");
        var sb = new StringBuilder();
        for (var i = 0; i < 350; i++)
        {
            sb.Append("From m").Append(i).Append("@x.test Mon Jan  1 10:00:00 2024\n");
            sb.Append("From: m").Append(i).Append("@x.test\nTo: many@x.test\nSubject: n").Append(i.ToString("D3", CultureInfo.InvariantCulture));
            sb.Append("\nDate: Mon, 01 Jan 2024 10:00:00 +0000\n\nbody ").Append(i).Append("\n\n");
        }
        await File.WriteAllTextAsync(mbox, sb.ToString());

        var result = await Run("import", "many@x.test", mbox);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Imported 350 messages", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Inbox: 350", result.Stdout, StringComparison.Ordinal);

        await using var inspector = await StoreInspector.OpenAsync(_data.Path);
        var mailbox = await inspector.MailboxOfAsync("many@x.test");
        var inbox = (await inspector.FoldersByPathAsync(mailbox))["Inbox"];
        var subjects = (await inspector.ListAllAsync(mailbox, inbox.Id)).Select(i => i.Subject).ToList();
        Assert.Equal(Enumerable.Range(0, 350).Select(i => "n" + i.ToString("D3", CultureInfo.InvariantCulture)), subjects);
    }

    [Fact]
    public async Task EmlFolderImportsIntoTheGivenFolderAndExportRoundTripsByteExact()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "eml@x.test")).ExitCode);
        var root = _work.Combine("emls");
        System.IO.Directory.CreateDirectory(Path.Combine(root, "sub"));
        var sources = new Dictionary<string, byte[]>
        {
            ["a.eml"] = Encoding.UTF8.GetBytes("From: a@x.test\r\nTo: eml@x.test\r\nSubject: A\r\nDate: Mon, 01 Jan 2024 00:00:00 +0000\r\n\r\nHello A\r\n"),
            ["b.eml"] = Encoding.UTF8.GetBytes("From: b@x.test\nSubject: B no trailing newline\n\nHello B"),
            [Path.Combine("sub", "c.eml")] = BuildMultipart(),
        };
        foreach (var (name, bytes) in sources)
            await File.WriteAllBytesAsync(Path.Combine(root, name), bytes);

        var result = await Run("import", "eml@x.test", root, "--folder", "Imported/Eml");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Imported 3 messages", result.Stdout, StringComparison.Ordinal);

        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            var mailbox = await inspector.MailboxOfAsync("eml@x.test");
            var folders = await inspector.FoldersByPathAsync(mailbox);
            Assert.Equal(2, (await inspector.ListAllAsync(mailbox, folders["Imported/Eml"].Id)).Count);
            Assert.Single(await inspector.ListAllAsync(mailbox, folders["Imported/Eml/sub"].Id));
        }

        var mbox = _work.Combine("more.mbox");
        await File.WriteAllTextAsync(mbox, Mbox());
        Assert.Equal(0, (await Run("import", "eml@x.test", mbox)).ExitCode);

        var export = _work.Combine("export");
        var exported = await Run("export", "eml@x.test", export);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.Contains("Exported 6 messages", exported.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, System.IO.Directory.GetFiles(Path.Combine(export, "Inbox"), "*.eml").Length);
        Assert.Equal(2, System.IO.Directory.GetFiles(Path.Combine(export, "Imported", "Eml"), "*.eml").Length);
        Assert.Single(System.IO.Directory.GetFiles(Path.Combine(export, "Imported", "Eml", "sub"), "*.eml"));

        // Byte-exact as stored: a file with LF-only lines (b.eml, two of the mbox's messages) was stored with CRLF.
        static byte[] Canonical(byte[] b) => b.Contains((byte)'\r') ? b
            : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\n", "\r\n", StringComparison.Ordinal));
        var expected = sources.Values.Concat(new[] { QuotedFromMessage, CrlfMessage, NoDateMessage }.Select(Encoding.UTF8.GetBytes))
            .Select(b => Convert.ToHexString(SHA256.HashData(Canonical(b)))).Order().ToList();
        var actual = System.IO.Directory.GetFiles(export, "*.eml", SearchOption.AllDirectories)
            .Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Order().ToList();
        Assert.Equal(expected, actual);

        // The exported tree imports back as is.
        Assert.Equal(0, (await Run("mailbox", "new", "copy@x.test")).ExitCode);
        var back = await Run("import", "copy@x.test", export);
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Contains("Imported 6 messages", back.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportConvertsItemsWithoutMimeFromTheirProperties()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "props@x.test")).ExitCode);
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            var mailbox = await inspector.MailboxOfAsync("props@x.test");
            var drafts = (await inspector.FoldersByPathAsync(mailbox))["Drafts"];
            var item = new NewItem(new PropertyBag()
                .Set(PropTags.MessageClass, "IPM.Note")
                .Set(PropTags.Subject, "Built from properties")
                .Set(PropTags.Body, "Plain body text")
                .Set(PropTags.SenderName, "Pat Props")
                .Set(PropTags.SenderSmtpAddress, "props@x.test")
                .Set(PropTags.MessageDeliveryTime, new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc))
                .Set(PropTags.Importance, 2));
            item.Recipients.Add(new Recipient(RecipientType.To, "to@x.test", "To Person"));
            item.Recipients.Add(new Recipient(RecipientType.Cc, "cc@x.test"));
            item.Attachments.Add(new NewAttachment(new PropertyBag()
                .Set(PropTags.AttachMethod, 1)
                .Set(PropTags.AttachLongFilename, "notes.txt")
                .Set(PropTags.AttachMimeTag, "text/plain"), Encoding.UTF8.GetBytes("attached notes")));
            var created = await inspector.Store.CreateItemAsync(mailbox, drafts.Id, item);
            Assert.True(created.IsSuccess, created.ToString());
        }

        var export = _work.Combine("export");
        var result = await Run("export", "props@x.test", export);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 had no stored MIME", result.Stdout, StringComparison.Ordinal);
        var file = Assert.Single(System.IO.Directory.GetFiles(Path.Combine(export, "Drafts"), "*.eml"));
        using var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("Built from properties", message.Subject);
        Assert.Equal("props@x.test", message.From.Mailboxes.Single().Address);
        Assert.Equal("to@x.test", message.To.Mailboxes.Single().Address);
        Assert.Equal("cc@x.test", message.Cc.Mailboxes.Single().Address);
        Assert.Equal(MessageImportance.High, message.Importance);
        Assert.Equal("Plain body text", message.TextBody?.Trim());
        var attachment = Assert.IsAssignableFrom<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("notes.txt", attachment.FileName);
        Assert.Equal(new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task ImportOfSomethingThatIsNotMailFailsWithOneSentence()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "none@x.test")).ExitCode);
        var text = _work.Combine("notes.txt");
        await File.WriteAllTextAsync(text, "just some notes\n");
        (await Run("import", "none@x.test", text)).AssertOneLineFailure(1);
        (await Run("import", "none@x.test", _work.Combine("missing"))).AssertOneLineFailure(1);
        System.IO.Directory.CreateDirectory(_work.Combine("empty"));
        (await Run("import", "none@x.test", _work.Combine("empty"))).AssertOneLineFailure(1);
    }

    private static byte[] BuildMultipart()
    {
        var message = new MimeMessage { Subject = "C with attachment", Date = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero) };
        message.From.Add(new MailboxAddress("C", "c@x.test"));
        message.To.Add(new MailboxAddress("E", "eml@x.test"));
        var body = new BodyBuilder { TextBody = "see attached", HtmlBody = "<p>see <b>attached</b></p>" };
        body.Attachments.Add("data.bin", RandomNumberGenerator.GetBytes(5000), new ContentType("application", "octet-stream"));
        message.Body = body.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }
}
