using System.Text;
using Bourse.Core.Properties;

namespace Bourse.Mailbox.Tests.Mime;

public sealed class MimeItemMapperSmimeAndReportTests
{
    [Fact]
    public void OpaqueSmimeIsIpmNoteSmimeWithP7mAttachment()
    {
        var mime = TestMime.Crlf("""
            From: a@example.org
            Subject: secret
            MIME-Version: 1.0
            Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m
            Content-Disposition: attachment; filename=smime.p7m
            Content-Transfer-Encoding: base64

            MIAGCSqGSIb3DQEHA6CAMIACAQA=
            """);
        var item = MimeItemMapper.Map(mime);
        Assert.Equal("IPM.Note.SMIME", item.Properties.GetString(PropTags.MessageClass));
        var att = Assert.Single(item.Attachments);
        Assert.Equal("smime.p7m", att.Properties.GetString(PropTags.AttachLongFilename));
        Assert.Equal("application/pkcs7-mime", att.Properties.GetString(PropTags.AttachMimeTag));
        Assert.Equal(Convert.FromBase64String("MIAGCSqGSIb3DQEHA6CAMIACAQA="), att.Content.ToArray());
        Assert.Null(item.Properties.GetString(PropTags.Body));
        Assert.True(item.Properties.GetBoolean(PropTags.HasAttachments));
    }

    [Fact]
    public void ClearSignedIsMultipartSignedWithBodyAndExactEntityAttachment()
    {
        const string body = """
            --sig
            Content-Type: text/plain; charset=us-ascii

            signed words
            --sig
            Content-Type: application/pkcs7-signature; name=smime.p7s
            Content-Transfer-Encoding: base64

            MIIBsignature
            --sig--
            """;
        var mime = TestMime.Crlf($"""
            From: a@example.org
            Subject: signed
            MIME-Version: 1.0
            Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;
             boundary="sig"

            {body}
            """);
        var item = MimeItemMapper.Map(mime);
        Assert.Equal("IPM.Note.SMIME.MultipartSigned", item.Properties.GetString(PropTags.MessageClass));
        Assert.Equal("signed words", item.Properties.GetString(PropTags.Body));
        var att = Assert.Single(item.Attachments);
        Assert.Equal("multipart/signed", att.Properties.GetString(PropTags.AttachMimeTag));
        Assert.Equal("smime.p7m", att.Properties.GetString(PropTags.AttachLongFilename));
        var entity = Encoding.ASCII.GetString(att.Content.Span);
        Assert.StartsWith("MIME-Version: 1.0\r\nContent-Type: multipart/signed;", entity, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + body.ReplaceLineEndings("\r\n"), entity, StringComparison.Ordinal);
        Assert.DoesNotContain("Subject:", entity, StringComparison.Ordinal);
        Assert.False(item.Properties.GetBoolean(PropTags.HasAttachments));
    }

    [Theory]
    [InlineData("failed", "5.1.1", "REPORT.IPM.Note.NDR")]
    [InlineData("delayed", "4.4.7", "REPORT.IPM.Note.Delayed")]
    [InlineData("delivered", "2.0.0", "REPORT.IPM.Note.DR")]
    [InlineData("relayed", "2.0.0", "REPORT.IPM.Note.DR")]
    public void DeliveryStatusReportsGetReportClasses(string action, string status, string expected)
    {
        var mime = TestMime.Crlf($"""
            From: MAILER-DAEMON@example.net
            To: a@example.org
            Subject: Delivery Status Notification
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="r"

            --r
            Content-Type: text/plain

            Your message could not be delivered.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; nobody@example.net
            Action: {action}
            Status: {status}

            --r
            Content-Type: text/rfc822-headers

            From: a@example.org
            Subject: hello

            --r--
            """);
        var item = MimeItemMapper.Map(mime);
        Assert.Equal(expected, item.Properties.GetString(PropTags.MessageClass));
        Assert.Equal("Your message could not be delivered.", item.Properties.GetString(PropTags.Body));
        Assert.Equal(["message/delivery-status", "text/rfc822-headers"], item.Attachments.Select(a => a.Properties.GetString(PropTags.AttachMimeTag)));
    }

    [Theory]
    [InlineData("manual-action/MDN-sent-manually; displayed", "REPORT.IPM.Note.IPNRN")]
    [InlineData("automatic-action/MDN-sent-automatically; deleted", "REPORT.IPM.Note.IPNNRN")]
    public void DispositionNotificationsAreReadReceipts(string disposition, string expected)
    {
        var mime = TestMime.Crlf($"""
            Subject: Read: hello
            Content-Type: multipart/report; report-type=disposition-notification; boundary="r"

            --r
            Content-Type: text/plain

            Your message was read.
            --r
            Content-Type: message/disposition-notification

            Final-Recipient: rfc822; b@example.com
            Disposition: {disposition}

            --r--
            """);
        Assert.Equal(expected, MimeItemMapper.Map(mime).Properties.GetString(PropTags.MessageClass));
    }
}
