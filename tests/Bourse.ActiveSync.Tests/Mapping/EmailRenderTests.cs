using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox;
using static Bourse.ActiveSync.Tests.Mapping.MappingTestKit;

namespace Bourse.ActiveSync.Tests.Mapping;

public sealed class EmailRenderTests
{
    private static readonly DateTime Received = new(2026, 3, 14, 15, 9, 26, 535, DateTimeKind.Utc);

    private const string PlainMessage = """
        From: "Alice Example" <alice@example.com>
        To: Bob <bob@example.org>, carol@example.org
        Cc: "Dave, Jr." <dave@example.net>
        Subject: Quarterly numbers
        Date: Sat, 14 Mar 2026 15:09:00 +0000
        Message-ID: <q1@example.com>
        Importance: high
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        Hello Bob,
        the numbers are in.
        """;

    internal static Item Delivered(string mime, Action<PropertyBag>? adjust = null) => Delivered(Crlf(mime), adjust);

    internal static Item Delivered(byte[] mime, Action<PropertyBag>? adjust = null)
    {
        var item = MimeItemMapper.Map(mime);
        item.Properties.Set(PropTags.MessageDeliveryTime, Received);
        adjust?.Invoke(item.Properties);
        return ToItem(new NewItem(item.Properties) { Mime = mime }.With(item));
    }

    [Fact]
    public async Task PlainMessageRendersHeadersBodyAndFlags()
    {
        var item = Delivered(PlainMessage);
        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.PlainText, 5120)));

        Assert.Equal("\"Bob\" <bob@example.org>, carol@example.org", Text(app, "Email:To"));
        Assert.Equal("\"Dave, Jr.\" <dave@example.net>", Text(app, "Email:Cc"));
        Assert.Equal("\"Alice Example\" <alice@example.com>", Text(app, "Email:From"));
        Assert.Equal("Quarterly numbers", Text(app, "Email:Subject"));
        Assert.Equal("2026-03-14T15:09:26.535Z", Text(app, "Email:DateReceived"));
        Assert.Equal("Bob; carol@example.org", Text(app, "Email:DisplayTo"));
        Assert.Equal("Quarterly numbers", Text(app, "Email:ThreadTopic"));
        Assert.Equal("2", Text(app, "Email:Importance"));
        Assert.Equal("0", Text(app, "Email:Read"));
        Assert.Equal("IPM.Note", Text(app, "Email:MessageClass"));
        Assert.Equal("65001", Text(app, "Email:InternetCPID"));
        Assert.Equal("urn:content-classes:message", Text(app, "Email:ContentClass"));
        Assert.Equal("1", Text(app, "AirSyncBase:NativeBodyType"));
        Assert.True(Child(app, "Email:Flag")!.IsEmpty);
        Assert.Null(Child(app, "AirSyncBase:Attachments"));

        var body = Child(app, "AirSyncBase:Body")!;
        Assert.Equal("1", Text(body, "AirSyncBase:Type"));
        Assert.Equal("0", Text(body, "AirSyncBase:Truncated"));
        Assert.Equal("Hello Bob,\r\nthe numbers are in.", Text(body, "AirSyncBase:Data")!.TrimEnd());
        Assert.Equal(Encoding.UTF8.GetByteCount(Text(body, "AirSyncBase:Data")!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Text(body, "AirSyncBase:EstimatedDataSize"));

        // MS-OXOMSG 2.2.1.2: the conversation id is the MD5 of the upper-cased topic in UTF-16LE.
        var conversationId = Child(app, "Email2:ConversationId")!.Opaque!;
        Assert.Equal(System.Security.Cryptography.MD5.HashData(Encoding.Unicode.GetBytes("QUARTERLY NUMBERS")), conversationId);
        Assert.NotNull(Child(app, "Email:Categories"));
    }

    [Fact]
    public async Task Version121HasNoConversationCategoriesOrPreview()
    {
        var item = Delivered(PlainMessage);
        var app = await RenderAsync(item, EasClass.Email,
            Options(EasProtocolVersion.V12_1, new BodyPreference(EasBodyType.PlainText, 5120, Preview: 100)));

        Assert.Null(Child(app, "Email2:ConversationId"));
        Assert.Null(Child(app, "Email:Categories"));
        Assert.Null(Child(Child(app, "AirSyncBase:Body")!, "AirSyncBase:Preview"));
        Assert.Null(Child(app, "Email2:IsDraft"));
    }

    [Fact]
    public async Task PreviewIsPlainTextWithCollapsedWhiteSpaceFrom140()
    {
        var item = Delivered(PlainMessage);
        var html = await RenderAsync(item, EasClass.Email,
            Options(EasProtocolVersion.V14_0, new BodyPreference(EasBodyType.Html, 5120, Preview: 20)));
        Assert.Equal("Hello Bob, the numbe", Text(Child(html, "AirSyncBase:Body")!, "AirSyncBase:Preview"));

        // MS-ASAIRS 2.2.2.35.1: with Type 1 and data returned there is no Preview; with no data (size 0) there is.
        var plain = await RenderAsync(item, EasClass.Email,
            Options(EasProtocolVersion.V14_0, new BodyPreference(EasBodyType.PlainText, 5120, Preview: 20)));
        Assert.Null(Child(Child(plain, "AirSyncBase:Body")!, "AirSyncBase:Preview"));
        var previewOnly = await RenderAsync(item, EasClass.Email,
            Options(EasProtocolVersion.V14_0, new BodyPreference(EasBodyType.PlainText, 0, Preview: 20)));
        Assert.Equal("Hello Bob, the numbe", Text(Child(previewOnly, "AirSyncBase:Body")!, "AirSyncBase:Preview"));
    }

    [Fact]
    public async Task HtmlOnlyMessageIsHtmlNativeAndPlainOnRequest()
    {
        var item = Delivered("""
            From: alice@example.com
            To: bob@example.org
            Subject: Html
            Content-Type: text/html; charset=utf-8

            <html><body><p>Hello <b>Bob</b></p><p>Second</p></body></html>
            """);

        var html = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1,
            new BodyPreference(EasBodyType.PlainText), new BodyPreference(EasBodyType.Html)));
        Assert.Equal("2", Text(html, "AirSyncBase:NativeBodyType"));
        var body = Child(html, "AirSyncBase:Body")!;
        Assert.Equal("2", Text(body, "AirSyncBase:Type"));
        Assert.Contains("<b>Bob</b>", Text(body, "AirSyncBase:Data"), StringComparison.Ordinal);

        var plain = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.PlainText)));
        var plainBody = Child(plain, "AirSyncBase:Body")!;
        Assert.Equal("1", Text(plainBody, "AirSyncBase:Type"));
        Assert.Contains("Hello Bob", Text(plainBody, "AirSyncBase:Data"), StringComparison.Ordinal);
        Assert.DoesNotContain("<", Text(plainBody, "AirSyncBase:Data"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MultipartAlternativeGivesEachTypeItsOwnPart()
    {
        var item = Delivered("""
            From: alice@example.com
            To: bob@example.org
            Subject: Both
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            Plain part
            --b1
            Content-Type: text/html; charset=utf-8

            <p>Html part</p>
            --b1--
            """);

        var html = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V16_1, new BodyPreference(EasBodyType.Html)));
        Assert.Contains("<p>Html part</p>", Text(Child(html, "AirSyncBase:Body")!, "AirSyncBase:Data"), StringComparison.Ordinal);

        var plain = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V16_1, new BodyPreference(EasBodyType.PlainText)));
        Assert.Equal("Plain part", Text(Child(plain, "AirSyncBase:Body")!, "AirSyncBase:Data")!.Trim());
    }

    [Fact]
    public async Task PlainOnlyMessageAskedForHtmlGetsEscapedHtml()
    {
        var item = Delivered("""
            From: alice@example.com
            Subject: Escapes
            Content-Type: text/plain; charset=utf-8

            a < b & c
            """);
        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.Html)));
        var body = Child(app, "AirSyncBase:Body")!;
        Assert.Equal("2", Text(body, "AirSyncBase:Type"));
        Assert.Contains("a &lt; b &amp; c", Text(body, "AirSyncBase:Data"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachmentsCarryFileReferenceMethodSizeAndInlineContentId()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        var item = Delivered($"""
            From: alice@example.com
            To: bob@example.org
            Subject: Files
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: multipart/related; boundary="r"

            --r
            Content-Type: text/html; charset=utf-8

            <p>Logo: <img src="cid:logo@x"></p>
            --r
            Content-Type: image/png
            Content-ID: <logo@x>
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(png)}
            --r--
            --m
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename="report.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --m--
            """);

        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.Html)));
        var attachments = Children(Child(app, "AirSyncBase:Attachments")!, "AirSyncBase:Attachment").ToList();
        Assert.Equal(2, attachments.Count);

        var logo = attachments.Single(a => Text(a, "AirSyncBase:ContentId") == "logo@x");
        Assert.Equal("1", Text(logo, "AirSyncBase:IsInline"));
        Assert.Equal(png.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(logo, "AirSyncBase:EstimatedDataSize"));

        var report = attachments.Single(a => Text(a, "AirSyncBase:DisplayName") == "report.pdf");
        Assert.Equal("1", Text(report, "AirSyncBase:Method"));
        Assert.Null(Child(report, "AirSyncBase:IsInline"));
        Assert.True(FileReferences.TryParse(Text(report, "AirSyncBase:FileReference"), out var id, out var number));
        Assert.Equal(ItemId, id);
        Assert.Equal(item.Attachments.Single(a => a.FileName == "report.pdf").Number, number);
        // The element order of MS-ASAIRS 2.2.2.7.
        Assert.Equal(new[] { "DisplayName", "FileReference", "Method", "EstimatedDataSize" }, report.Children.Select(c => c.Name));
    }

    [Fact]
    public async Task EmbeddedMessageAttachmentIsMethod5()
    {
        var item = Delivered("""
            From: alice@example.com
            Subject: Fwd
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: text/plain

            See attached.
            --m
            Content-Type: message/rfc822

            From: carol@example.org
            Subject: Inner

            Inner body
            --m--
            """);
        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1));
        var attachment = Child(Child(app, "AirSyncBase:Attachments")!, "AirSyncBase:Attachment")!;
        Assert.Equal("5", Text(attachment, "AirSyncBase:Method"));
        Assert.Equal("Inner.eml", Text(attachment, "AirSyncBase:DisplayName"));
    }

    [Fact]
    public async Task Utf8SubjectsAndNamesAreDecoded()
    {
        var item = Delivered("""
            From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.de>
            To: bob@example.org
            Subject: =?UTF-8?B?R3LDvMOfZSDml6XmnKwg8J+YgA==?=
            Content-Type: text/plain; charset=utf-8

            x
            """);
        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1));
        Assert.Equal("Grüße 日本 😀", Text(app, "Email:Subject"));
        Assert.Equal("\"Jürgen Müller\" <juergen@example.de>", Text(app, "Email:From"));
    }

    [Theory]
    [InlineData("€", 3)]
    [InlineData("😀", 4)]
    [InlineData("é", 2)]
    public async Task TruncationAtFiveKilobytesNeverSplitsACharacter(string unit, int width)
    {
        var text = "ab" + string.Concat(Enumerable.Repeat(unit, 4000));
        var item = Delivered("From: a@example.com\nSubject: long\nContent-Type: text/plain; charset=utf-8\n\n" + text + "\n");
        var body = Child(await RenderAsync(item, EasClass.Email,
            Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.PlainText, 5120))), "AirSyncBase:Body")!;

        var data = Text(body, "AirSyncBase:Data")!;
        var bytes = Encoding.UTF8.GetByteCount(data);
        Assert.True(bytes <= 5120);
        Assert.True(bytes > 5120 - width, $"{bytes} bytes is more than one character short");
        Assert.Equal(0, (bytes - 2) % width);
        Assert.DoesNotContain('\uFFFD', data);
        Assert.False(char.IsHighSurrogate(data[^1]));
        Assert.Equal("1", Text(body, "AirSyncBase:Truncated"));
        Assert.Equal(Encoding.UTF8.GetByteCount(item.Properties.GetString(PropTags.Body)!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Text(body, "AirSyncBase:EstimatedDataSize"));
    }

    [Fact]
    public async Task HtmlStoredAsUtf8IsTruncatedOnACharacterBoundary()
    {
        var html = "<p>" + string.Concat(Enumerable.Repeat("日本語", 1000)) + "</p>";
        var item = Delivered("From: a@example.com\nSubject: h\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n");
        var body = Child(await RenderAsync(item, EasClass.Email,
            Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.Html, 1000))), "AirSyncBase:Body")!;
        var data = Text(body, "AirSyncBase:Data")!;
        Assert.Equal(999, Encoding.UTF8.GetByteCount(data));
        Assert.StartsWith("<p>日本語", data, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', data);
    }

    [Fact]
    public async Task AllOrNoneSendsNoDataWhenTheBodyIsTooLarge()
    {
        var item = Delivered("From: a@example.com\nSubject: big\n\n" + new string('x', 3000) + "\n");
        var body = Child(await RenderAsync(item, EasClass.Email,
            Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.PlainText, 1000, AllOrNone: true))), "AirSyncBase:Body")!;
        Assert.Null(Child(body, "AirSyncBase:Data"));
        Assert.Equal("1", Text(body, "AirSyncBase:Truncated"));
        Assert.Equal("1", Text(body, "AirSyncBase:Type"));

        var small = Child(await RenderAsync(item, EasClass.Email,
            Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.PlainText, 5000, AllOrNone: true))), "AirSyncBase:Body")!;
        Assert.Equal("0", Text(small, "AirSyncBase:Truncated"));
        Assert.StartsWith("xxx", Text(small, "AirSyncBase:Data"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllOrNoneMovesOnToTheNextPreference()
    {
        var item = Delivered("From: a@example.com\nSubject: big\n\n" + new string('x', 3000) + "\n");
        var body = Child(await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1,
            new BodyPreference(EasBodyType.PlainText, 1000, AllOrNone: true),
            new BodyPreference(EasBodyType.Html, 200))), "AirSyncBase:Body")!;
        Assert.Equal("2", Text(body, "AirSyncBase:Type"));
        Assert.Equal("1", Text(body, "AirSyncBase:Truncated"));
        Assert.True(Encoding.UTF8.GetByteCount(Text(body, "AirSyncBase:Data")!) <= 200);
    }

    [Fact]
    public async Task MimeIsSentTruncatedWhenAskedAndNotOpenedOtherwise()
    {
        var mime = Crlf(PlainMessage + "\n" + string.Concat(Enumerable.Repeat("ünïcödé ", 50)) + "\n");
        var item = Delivered(mime);
        var opened = 0;

        var options = new ItemRenderOptions(EasProtocolVersion.V14_1)
        {
            MimeSupport = MimeSupport.Always,
            BodyPreferences = [new BodyPreference(EasBodyType.Mime, 301)],
        };
        var body = Child(await RenderAsync(item, EasClass.Email, options, mime, () => opened++), "AirSyncBase:Body")!;
        Assert.Equal(1, opened);
        Assert.Equal("4", Text(body, "AirSyncBase:Type"));
        Assert.Equal(mime.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(body, "AirSyncBase:EstimatedDataSize"));
        Assert.Equal("1", Text(body, "AirSyncBase:Truncated"));
        var data = Text(body, "AirSyncBase:Data")!;
        Assert.True(Encoding.UTF8.GetByteCount(data) <= 301);
        Assert.StartsWith("From: \"Alice Example\"", data, StringComparison.Ordinal);
        Assert.True(mime.AsSpan().StartsWith(Encoding.UTF8.GetBytes(data)));

        var plain = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.PlainText)),
            mime, () => opened++);
        Assert.Equal(1, opened);
        Assert.Equal("1", Text(Child(plain, "AirSyncBase:Body")!, "AirSyncBase:Type"));
    }

    [Fact]
    public async Task MimeTruncationCodeAppliesWithoutATruncationSize()
    {
        var mime = Crlf(PlainMessage + "\n" + new string('y', 6000) + "\n");
        var item = Delivered(mime);
        var options = ItemRenderOptions.FromOptions(E("AirSync:Options",
            E("AirSync:MIMESupport", "2"), E("AirSync:MIMETruncation", "1"),
            E("AirSyncBase:BodyPreference", E("AirSyncBase:Type", "4"))), EasProtocolVersion.V12_1);
        var body = Child(await RenderAsync(item, EasClass.Email, options, mime), "AirSyncBase:Body")!;
        Assert.Equal("4", Text(body, "AirSyncBase:Type"));
        Assert.Equal(4096, Encoding.UTF8.GetByteCount(Text(body, "AirSyncBase:Data")!));
        Assert.Equal("1", Text(body, "AirSyncBase:Truncated"));
    }

    [Fact]
    public async Task MimeWithEightBitBytesTravelsOpaque()
    {
        var mime = Encoding.Latin1.GetBytes("From: a@example.com\r\nSubject: latin\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\u00e9\r\n");
        var item = Delivered(mime);
        var options = new ItemRenderOptions(EasProtocolVersion.V16_1)
        {
            MimeSupport = MimeSupport.Always,
            BodyPreferences = [new BodyPreference(EasBodyType.Mime)],
        };
        var data = Child(Child(await RenderAsync(item, EasClass.Email, options, mime), "AirSyncBase:Body")!, "AirSyncBase:Data")!;
        Assert.Null(data.Text);
        Assert.Equal(mime, data.Opaque);
    }

    [Fact]
    public async Task MimeSupportOneSendsMimeForSmimeOnly()
    {
        var options = new ItemRenderOptions(EasProtocolVersion.V14_1)
        {
            MimeSupport = MimeSupport.SmimeOnly,
            BodyPreferences = [new BodyPreference(EasBodyType.Mime), new BodyPreference(EasBodyType.PlainText)],
        };
        var mime = Crlf(PlainMessage);
        var plain = await RenderAsync(Delivered(mime), EasClass.Email, options, mime);
        Assert.Equal("1", Text(Child(plain, "AirSyncBase:Body")!, "AirSyncBase:Type"));

        var smime = Crlf("""
            From: alice@example.com
            Subject: secret
            MIME-Version: 1.0
            Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m
            Content-Transfer-Encoding: base64

            MIAGCSqGSIb3DQEHA6CAMIACAQAxggE=
            """);
        var app = await RenderAsync(Delivered(smime), EasClass.Email, options, smime);
        Assert.Equal("IPM.Note.SMIME", Text(app, "Email:MessageClass"));
        Assert.Equal("4", Text(Child(app, "AirSyncBase:Body")!, "AirSyncBase:Type"));
    }

    [Fact]
    public async Task AMimeOnlyPreferenceWithoutMimeSupportGetsPlainText()
    {
        var item = Delivered(PlainMessage);
        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1, new BodyPreference(EasBodyType.Mime, 100)),
            Crlf(PlainMessage), () => Assert.Fail("MIMESupport 0 never opens the MIME"));
        var body = Child(app, "AirSyncBase:Body")!;
        Assert.Equal("1", Text(body, "AirSyncBase:Type"));
        Assert.StartsWith("Hello Bob", Text(body, "AirSyncBase:Data"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingMimeFallsBackToTheBody()
    {
        var item = Delivered(PlainMessage);
        var options = new ItemRenderOptions(EasProtocolVersion.V14_1)
        {
            MimeSupport = MimeSupport.Always,
            BodyPreferences = [new BodyPreference(EasBodyType.Mime), new BodyPreference(EasBodyType.PlainText)],
        };
        var app = await RenderAsync(item, EasClass.Email, options, mime: null);
        Assert.Equal("1", Text(Child(app, "AirSyncBase:Body")!, "AirSyncBase:Type"));
    }

    [Fact]
    public async Task FlagReadAndCategoriesRender()
    {
        var item = Delivered(PlainMessage, bag =>
        {
            bag.Set(PropTags.MessageFlags, (int)MessageFlags.Read);
            bag.Set(PropTags.FlagStatus, 2);
            bag.Set(NamedProps.FlagRequest, PropertyValue.Unicode("Follow up"));
            bag.Set(NamedProps.TaskDueDate, PropertyValue.SysTime(new DateTime(2026, 3, 20, 0, 0, 0, DateTimeKind.Utc)));
            bag.Set(NamedProps.Keywords, PropertyValue.MultipleUnicode("Red", "Work"));
        });
        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1));
        Assert.Equal("1", Text(app, "Email:Read"));
        var flag = Child(app, "Email:Flag")!;
        Assert.Equal("2", Text(flag, "Email:FlagStatus"));
        Assert.Equal("Follow up", Text(flag, "Email:FlagType"));
        Assert.Equal("2026-03-20T00:00:00.000Z", Text(flag, "Tasks:DueDate"));
        Assert.Equal(new[] { "Red", "Work" }, Children(Child(app, "Email:Categories")!, "Email:Category").Select(c => c.Text));

        var change = await ItemRenderer.RenderChangeAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1),
            _ => throw new InvalidOperationException("a change never opens the MIME"), CancellationToken.None);
        AssertEncodes(change);
        Assert.Equal(new[] { "Read", "Flag", "Categories" }, change.Children.Select(c => c.Name));
    }

    [Fact]
    public async Task ReplyToComesFromTheHeaderWithAddresses()
    {
        var item = Delivered("""
            From: alice@example.com
            Reply-To: "List" <list@example.com>,
             other@example.com
            Subject: r

            x
            """);
        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1));
        Assert.Equal("\"List\" <list@example.com>;other@example.com", Text(app, "Email:ReplyTo"));
    }

    [Fact]
    public async Task RendersTheSameForEveryVersionAndEncodes()
    {
        var item = Delivered(PlainMessage);
        foreach (var version in AllVersions)
        {
            var app = await RenderAsync(item, EasClass.Email, Options(version, new BodyPreference(EasBodyType.PlainText, 5120, Preview: 50)));
            Assert.Equal("Quarterly numbers", Text(app, "Email:Subject"));
            Assert.Equal(version >= EasProtocolVersion.V14_0, Child(app, "Email2:ConversationId") is not null);
            Assert.Equal(version >= EasProtocolVersion.V16_0, Child(app, "Email2:IsDraft") is not null);
        }
    }
}

internal static class NewItemTestExtensions
{
    /// Copies recipients and attachments of a mapped item onto a NewItem carrying the MIME.
    public static NewItem With(this NewItem target, NewItem source)
    {
        target.Recipients.AddRange(source.Recipients);
        target.Attachments.AddRange(source.Attachments);
        return target;
    }
}
