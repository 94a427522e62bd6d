using System.Text;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Mailbox.Tests.Mime;

public sealed class MimeItemMapperTests
{
    private const string Plain = """
        Return-Path: <alice@example.org>
        Received: from mx.example.org by mail.example.com; Tue, 4 Mar 2025 10:00:00 +0000
        From: Alice Example <alice@example.org>
        To: Bob <bob@example.com>, "Carol C." <carol@example.com>
        Cc: dave@example.com
        Reply-To: Alice Replies <replies@example.org>
        Subject: RE: Quarterly numbers
        Date: Tue, 4 Mar 2025 09:58:12 +0100
        Message-ID: <msg-1@example.org>
        In-Reply-To: <msg-0@example.com>
        References: <root@example.com> <msg-0@example.com>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        Hi Bob,

        the numbers are attached — all good.
        """;

    [Fact]
    public void PlainMessageMapsEnvelopeHeadersAndBody()
    {
        var mime = TestMime.Crlf(Plain);
        var item = MimeItemMapper.Map(mime);
        var p = item.Properties;

        Assert.Equal("IPM.Note", p.GetString(PropTags.MessageClass));
        Assert.Equal("RE: Quarterly numbers", p.GetString(PropTags.Subject));
        Assert.Equal("RE: ", p.GetString(PropTags.SubjectPrefix));
        Assert.Equal("Quarterly numbers", p.GetString(PropTags.NormalizedSubject));
        Assert.Equal("Quarterly numbers", p.GetString(PropTags.ConversationTopic));
        Assert.Equal("Alice Example", p.GetString(PropTags.SenderName));
        Assert.Equal("alice@example.org", p.GetString(PropTags.SenderSmtpAddress));
        Assert.Equal("alice@example.org", p.GetString(PropTags.SenderEmailAddress));
        Assert.Equal("SMTP", p.GetString(PropTags.SenderAddressType));
        Assert.Equal("Alice Example", p.GetString(PropTags.SentRepresentingName));
        Assert.Equal("alice@example.org", p.GetString(PropTags.SentRepresentingSmtpAddress));
        Assert.Equal("Alice Replies", p.GetString(PropTags.ReplyRecipientNames));
        Assert.Equal(new DateTime(2025, 3, 4, 8, 58, 12, DateTimeKind.Utc), p.GetDateTime(PropTags.ClientSubmitTime));
        Assert.Equal("<msg-1@example.org>", p.GetString(PropTags.InternetMessageId));
        Assert.Equal("<msg-0@example.com>", p.GetString(PropTags.InReplyToId));
        Assert.Equal("<root@example.com> <msg-0@example.com>", p.GetString(PropTags.InternetReferences));
        Assert.Equal(1, p.GetInt32(PropTags.Importance));
        Assert.Equal(0, p.GetInt32(PropTags.Sensitivity));
        Assert.Equal("Hi Bob,\r\n\r\nthe numbers are attached — all good.", p.GetString(PropTags.Body));
        Assert.Null(p.GetBinary(PropTags.Html));
        Assert.Equal(1, p.GetInt32(PropTags.NativeBody));
        Assert.Equal(65001, p.GetInt32(PropTags.InternetCodepage));
        Assert.Equal("Bob; Carol C.", p.GetString(PropTags.DisplayTo));
        Assert.Equal("dave@example.com", p.GetString(PropTags.DisplayCc));
        Assert.Equal(mime.Length, p.GetInt32(PropTags.MessageSize));
        Assert.Equal((int)MessageFlags.Unmodified, p.GetInt32(PropTags.MessageFlags));
        Assert.False(p.GetBoolean(PropTags.HasAttachments));
        Assert.Empty(item.Attachments);

        var headers = p.GetString(PropTags.TransportMessageHeaders)!;
        Assert.StartsWith("Return-Path: <alice@example.org>\r\nReceived:", headers, StringComparison.Ordinal);
        Assert.Contains("Content-Transfer-Encoding: 8bit\r\n", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("Hi Bob", headers, StringComparison.Ordinal);

        Assert.Collection(item.Recipients,
            r => { Assert.Equal(RecipientType.To, r.Type); Assert.Equal("bob@example.com", r.Address); Assert.Equal("Bob", r.DisplayName); },
            r => { Assert.Equal(RecipientType.To, r.Type); Assert.Equal("carol@example.com", r.Address); Assert.Equal("Carol C.", r.DisplayName); },
            r => { Assert.Equal(RecipientType.Cc, r.Type); Assert.Equal("dave@example.com", r.Address); Assert.Equal("dave@example.com", r.DisplayName); });

        // An 8-bit UTF-8 body with CRLF lines is the message's own bytes: kept as them (not decoded until read), and
        // indexed by the store from the body itself (no separate search text).
        Assert.Equal("Hi Bob,\r\n\r\nthe numbers are attached — all good.", p.GetString(PropTags.Body));
        Assert.True(p.TryGet(PropTags.Body, out var bodyValue));
        Assert.True(bodyValue.TryGetUtf8(out var bodyBytes));
        Assert.True(mime.AsSpan().Overlaps(bodyBytes.Span, out var offset) && offset > 0);
        Assert.Null(item.SearchText);
    }

    [Fact]
    public void MimeIsTheExactInputBytes()
    {
        // Bare LF, trailing junk and odd folding must all survive: the mapper never re-serializes.
        var mime = Encoding.UTF8.GetBytes("Subject: x\n  folded\r\nX-Odd:\tvalue \r\n\nbody\r\n\r\n\u0000junk");
        var item = MimeItemMapper.Map(mime);
        Assert.True(item.Mime.Span.SequenceEqual(mime));
        Assert.Equal(mime.Length, item.Properties.GetInt32(PropTags.MessageSize));
    }

    [Fact]
    public void HtmlOnlyMessageDerivesPlainTextBody()
    {
        var mime = TestMime.Crlf("""
            From: a@example.org
            To: b@example.com
            Subject: html
            Content-Type: text/html; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            <html><head><title>T</title><style>p {color:red}</style></head><body><p>Caf=E9 &amp; cr=E8me</p><script>alert(1)</script><div>second<br>line</div></body></html>
            """);
        var item = MimeItemMapper.Map(mime);
        var p = item.Properties;
        Assert.Equal(3, p.GetInt32(PropTags.NativeBody));
        Assert.Equal(65001, p.GetInt32(PropTags.InternetCodepage));
        var html = Encoding.UTF8.GetString(p.GetBinary(PropTags.Html)!);
        Assert.Contains("<p>Café &amp; crème</p>", html, StringComparison.Ordinal);
        var body = p.GetString(PropTags.Body)!;
        Assert.Equal("Café & crème\r\nsecond\r\nline", body);
        Assert.Equal(body, item.SearchText);
    }

    [Fact]
    public void AlternativeKeepsBothRenditions()
    {
        var mime = TestMime.Crlf("""
            From: a@example.org
            Subject: alt
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/plain; charset=us-ascii

            plain version
            --b1
            Content-Type: text/html; charset=us-ascii

            <b>html version</b>
            --b1--
            """);
        var p = MimeItemMapper.Map(mime).Properties;
        Assert.Equal("plain version", p.GetString(PropTags.Body));
        Assert.Equal("<b>html version</b>", Encoding.UTF8.GetString(p.GetBinary(PropTags.Html)!));
        Assert.Equal(3, p.GetInt32(PropTags.NativeBody));
    }

    [Fact]
    public void RelatedImageReferencedByCidIsHiddenAndRealAttachmentIsNot()
    {
        var mime = TestMime.Crlf($"""
            From: a@example.org
            Subject: newsletter
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="mixed"

            --mixed
            Content-Type: multipart/related; boundary="rel"; type="multipart/alternative"

            --rel
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain

            see the logo
            --alt
            Content-Type: text/html

            <p>see the logo <img src="cid:logo@example.org"></p>
            --alt--
            --rel
            Content-Type: image/png; name="logo.png"
            Content-Transfer-Encoding: base64
            Content-ID: <logo@example.org>
            Content-Location: logo.png

            {TestMime.PngBase64}
            --rel--
            --mixed
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename="report.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --mixed--
            """);
        var item = MimeItemMapper.Map(mime);
        Assert.Equal("see the logo", item.Properties.GetString(PropTags.Body));
        Assert.Equal(2, item.Attachments.Count);

        var logo = item.Attachments[0].Properties;
        Assert.Equal("logo.png", logo.GetString(PropTags.AttachLongFilename));
        Assert.Equal("LOGO.PNG", logo.GetString(PropTags.AttachFilename));
        Assert.Equal(".png", logo.GetString(PropTags.AttachExtension));
        Assert.Equal("image/png", logo.GetString(PropTags.AttachMimeTag));
        Assert.Equal("logo@example.org", logo.GetString(PropTags.AttachContentId));
        Assert.Equal("logo.png", logo.GetString(PropTags.AttachContentLocation));
        Assert.Equal((int)AttachMethod.ByValue, logo.GetInt32(PropTags.AttachMethod));
        Assert.True(logo.GetBoolean(PropTags.AttachmentHidden));
        Assert.Equal(TestMime.Png.Length, logo.GetInt32(PropTags.AttachSize));
        Assert.Equal(TestMime.Png, item.Attachments[0].Content.ToArray());

        var pdf = item.Attachments[1].Properties;
        Assert.Equal("report.pdf", pdf.GetString(PropTags.AttachLongFilename));
        Assert.False(pdf.GetBoolean(PropTags.AttachmentHidden));
        Assert.Equal("%PDF-1.4\n"u8.ToArray(), item.Attachments[1].Content.ToArray());

        Assert.True(item.Properties.GetBoolean(PropTags.HasAttachments));
        Assert.Equal((int)(MessageFlags.Unmodified | MessageFlags.HasAttachments), item.Properties.GetInt32(PropTags.MessageFlags));
    }

    [Fact]
    public void OnlyInlineImagesMeansNoAttachmentsFlag()
    {
        var mime = TestMime.Crlf($"""
            Subject: inline only
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html

            <img src="CID:pic1">
            --rel
            Content-Type: image/png
            Content-Transfer-Encoding: base64
            Content-ID: <pic1>

            {TestMime.PngBase64}
            --rel--
            """);
        var item = MimeItemMapper.Map(mime);
        var att = Assert.Single(item.Attachments);
        Assert.True(att.Properties.GetBoolean(PropTags.AttachmentHidden));
        Assert.Equal("ATT00001.png", att.Properties.GetString(PropTags.AttachLongFilename));
        Assert.False(item.Properties.GetBoolean(PropTags.HasAttachments));
        Assert.Equal((int)MessageFlags.Unmodified, item.Properties.GetInt32(PropTags.MessageFlags));
    }

    [Fact]
    public void Rfc2231FileNamesAreDecoded()
    {
        var mime = TestMime.Crlf("""
            Subject: rates
            Content-Type: multipart/mixed; boundary=XX

            --XX
            Content-Type: text/plain

            body
            --XX
            Content-Type: application/octet-stream
            Content-Disposition: attachment;
             filename*0*=UTF-8''%E2%82%AC%20exchange%20;
             filename*1*=rates%20for%20M%C3%A4rz.xlsx
            Content-Transfer-Encoding: base64

            AAECAw==
            --XX
            Content-Type: text/plain; name*=iso-8859-1''r%E9sum%E9.txt
            Content-Disposition: attachment

            hello
            --XX--
            """);
        var item = MimeItemMapper.Map(mime);
        Assert.Equal(2, item.Attachments.Count);
        var xl = item.Attachments[0].Properties;
        Assert.Equal("€ exchange rates for März.xlsx", xl.GetString(PropTags.AttachLongFilename));
        Assert.Equal(".xlsx", xl.GetString(PropTags.AttachExtension));
        Assert.Equal("EXCHAN~1.XLS", xl.GetString(PropTags.AttachFilename));
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, item.Attachments[0].Content.ToArray());
        Assert.Equal(4, xl.GetInt32(PropTags.AttachSize));
        Assert.Equal("résumé.txt", item.Attachments[1].Properties.GetString(PropTags.AttachLongFilename));
        Assert.Equal("body", item.Properties.GetString(PropTags.Body));
    }

    [Theory]
    [InlineData("=?UTF-8?B?w4lsw6h2ZQ==?=", "Élève")]
    [InlineData("=?ISO-8859-1?Q?Caf=E9_au_lait?=", "Café au lait")]
    [InlineData("=?windows-1252?Q?=80_price?=", "€ price")]
    [InlineData("=?KOI8-R?B?8NLJ18XU?=", "Привет")]
    [InlineData("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語")]
    [InlineData("=?GB2312?B?xOO6ww==?=", "你好")]
    [InlineData("Re: =?utf-8?q?na=C3=AFve?= =?utf-8?q?_caf=C3=A9?=", "Re: naïve café")]
    public void EncodedWordSubjectsAreDecoded(string raw, string expected)
    {
        var item = MimeItemMapper.Map(TestMime.Crlf($"Subject: {raw}\nFrom: x@example.org\n\nbody\n"));
        Assert.Equal(expected, item.Properties.GetString(PropTags.Subject));
    }

    [Theory]
    [InlineData("RE: Hello", "RE: ", "Hello")]
    [InlineData("Fwd: Hello", "Fwd: ", "Hello")]
    [InlineData("AW: Hallo", "AW: ", "Hallo")]
    [InlineData("Re:Hello", "", "Re:Hello")]
    [InlineData("Meeting at 10: agenda", "", "Meeting at 10: agenda")]
    [InlineData("Q4: plan", "", "Q4: plan")]
    [InlineData("", "", "")]
    public void SubjectPrefixFollowsOutlookRule(string subject, string prefix, string normalized)
    {
        Assert.Equal((prefix, normalized), MimeItemMapper.SplitSubject(subject));
    }

    [Theory]
    [InlineData("Importance: high", 2)]
    [InlineData("Importance: Low", 0)]
    [InlineData("X-Priority: 1 (Highest)", 2)]
    [InlineData("X-Priority: 5", 0)]
    [InlineData("X-Priority: 3", 1)]
    [InlineData("X-MSMail-Priority: High", 2)]
    [InlineData("Priority: urgent", 2)]
    [InlineData("Importance: bogus", 1)]
    public void ImportanceFromHeaders(string header, int expected)
    {
        var item = MimeItemMapper.Map(TestMime.Crlf($"Subject: s\n{header}\n\nbody\n"));
        Assert.Equal(expected, item.Properties.GetInt32(PropTags.Importance));
    }

    [Theory]
    [InlineData("Personal", 1)]
    [InlineData("private", 2)]
    [InlineData("Company-Confidential", 3)]
    public void SensitivityFromHeader(string value, int expected)
    {
        var item = MimeItemMapper.Map(TestMime.Crlf($"Subject: s\nSensitivity: {value}\n\nbody\n"));
        Assert.Equal(expected, item.Properties.GetInt32(PropTags.Sensitivity));
    }

    [Fact]
    public void KeywordsBecomeCategories()
    {
        var item = MimeItemMapper.Map(TestMime.Crlf("Subject: s\nKeywords: Red, Project X\nKeywords: red, =?utf-8?q?Fran=C3=A7ais?=\n\nbody\n"));
        var v = item.Properties[NamedProps.Keywords];
        Assert.NotNull(v);
        Assert.Equal(new[] { "Red", "Project X", "Français" }, (string[])v.Value);
    }

    [Fact]
    public void SenderHeaderWinsForSenderAndFromForRepresenting()
    {
        var item = MimeItemMapper.Map(TestMime.Crlf("From: Boss <boss@example.com>\nSender: Assistant <pa@example.com>\nSubject: s\n\nx\n"));
        var p = item.Properties;
        Assert.Equal("pa@example.com", p.GetString(PropTags.SenderSmtpAddress));
        Assert.Equal("Assistant", p.GetString(PropTags.SenderName));
        Assert.Equal("boss@example.com", p.GetString(PropTags.SentRepresentingSmtpAddress));
        Assert.Equal("Boss", p.GetString(PropTags.SentRepresentingName));
    }

    [Fact]
    public void BccAndGroupSyntaxBecomeRecipientRows()
    {
        var item = MimeItemMapper.Map(TestMime.Crlf("To: Team: ann@example.com, ben@example.com;\nBcc: Secret <hidden@example.com>\nSubject: s\n\nx\n"));
        Assert.Equal(3, item.Recipients.Count);
        Assert.Equal(RecipientType.Bcc, item.Recipients[2].Type);
        Assert.Equal("hidden@example.com", item.Recipients[2].Address);
        Assert.Equal("Secret", item.Properties.GetString(PropTags.DisplayBcc));
        Assert.Equal("ann@example.com; ben@example.com", item.Properties.GetString(PropTags.DisplayTo));
    }

    [Fact]
    public void FormatFlowedIsUnwrapped()
    {
        var item = MimeItemMapper.Map(TestMime.Crlf("Subject: f\nContent-Type: text/plain; charset=utf-8; format=flowed\n\nThis is one \nlong line.\n"));
        Assert.Equal("This is one long line.", item.Properties.GetString(PropTags.Body)?.TrimEnd());
    }

    [Fact]
    public void EmbeddedMessageIsAttachedAsItArrived()
    {
        const string inner = "From: x@example.net\r\nSubject: Original note\r\nDate: Mon, 3 Mar 2025 08:00:00 +0000\r\n\r\ninner body\r\n";
        var mime = TestMime.Crlf("""
            Subject: FW: Original note
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: text/plain

            see below
            --m
            Content-Type: message/rfc822


            """).Concat(Encoding.ASCII.GetBytes(inner)).Concat(TestMime.Crlf("--m--\n")).ToArray();
        var item = MimeItemMapper.Map(mime);
        var att = Assert.Single(item.Attachments);
        Assert.Equal("message/rfc822", att.Properties.GetString(PropTags.AttachMimeTag));
        Assert.Equal("Original note.eml", att.Properties.GetString(PropTags.AttachLongFilename));
        Assert.Equal(inner, Encoding.ASCII.GetString(att.Content.Span).TrimEnd('\r', '\n') + "\r\n");
        Assert.True(item.Properties.GetBoolean(PropTags.HasAttachments));
    }

    [Fact]
    public void TrailingInlineTextPartsBecomeAttachments()
    {
        // Exchange turns a mailing-list footer after an attachment into ATT00002.txt rather than merging it into the body.
        var item = MimeItemMapper.Map(TestMime.Crlf("""
            Subject: list
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            main text
            --b
            Content-Type: text/plain

            -- footer
            --b--
            """));
        Assert.Equal("main text", item.Properties.GetString(PropTags.Body));
        var att = Assert.Single(item.Attachments);
        Assert.Equal("ATT00001.txt", att.Properties.GetString(PropTags.AttachLongFilename));
    }
}
