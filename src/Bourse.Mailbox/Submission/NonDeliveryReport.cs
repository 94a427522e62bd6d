using System.Text;
using Bourse.Core.Properties;
using Bourse.Directory;
using MimeKit;
using MimeKit.Utils;

namespace Bourse.Mailbox;

/// <summary>
/// Builds the non-delivery report Exchange sends to the sender: an RFC 3464 multipart/report; report-type=delivery-status
/// (RFC 6522) from postmaster of the sender's domain, listing every failed recipient with its status and diagnostic code,
/// followed by the original headers as text/rfc822-headers.
/// </summary>
internal static class NonDeliveryReport
{
    internal sealed record FailedRecipient(string Address, SubmissionRecipientStatus Status);

    public static byte[] Build(DirectoryUser sender, ReadOnlyMemory<byte> original, PropertyBag originalProperties,
        IReadOnlyList<FailedRecipient> failed, string serverName, DateTimeOffset now)
    {
        var subject = originalProperties.GetString(PropTags.Subject) ?? "";
        var messageId = originalProperties.GetString(PropTags.InternetMessageId);
        var headerEnd = RawHeaders.FindHeaderEnd(original.Span, out _);
        var headerBytes = original.Span[..headerEnd].ToArray();

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Postmaster", "postmaster@" + sender.Domain));
        message.To.Add(new MailboxAddress(sender.DisplayName, sender.PrimarySmtpAddress));
        message.Subject = "Undeliverable: " + subject;
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(serverName);
        if (!string.IsNullOrEmpty(messageId))
        {
            var id = messageId.Trim('<', '>');
            message.InReplyTo = id;
            message.References.Add(id);
        }
        // RFC 3834 5: a report is an automatic response and must not trigger another one.
        message.Headers.Add("Auto-Submitted", "auto-replied");
        message.Headers.Add("X-MS-Exchange-Message-Is-Ndr", "");
        message.Headers.Add(HeaderId.ContentLanguage, "en-US");

        // RFC 6522 3: the first part is the human-readable explanation.
        var human = new TextPart("plain") { Text = HumanText(failed, serverName, headerBytes) };
        human.ContentType.Charset = "utf-8";
        human.ContentTransferEncoding = ContentEncoding.QuotedPrintable;

        // RFC 3464 2.1: per-message fields, then for each recipient a CRLF and its fields. Written by hand so no empty
        // group trails the last recipient.
        var dsn = new StringBuilder();
        dsn.Append("Reporting-MTA: dns; ").Append(serverName).Append("\r\n");
        dsn.Append("Arrival-Date: ").Append(DateUtils.FormatDate(now)).Append("\r\n");
        foreach (var r in failed)
        {
            var code = DeliveryFailureCodes.For(r.Status);
            dsn.Append("\r\n");
            dsn.Append("Original-Recipient: rfc822; ").Append(r.Address).Append("\r\n");
            dsn.Append("Final-Recipient: rfc822; ").Append(r.Address).Append("\r\n");
            dsn.Append("Action: failed\r\n");
            dsn.Append("Status: ").Append(code.Status).Append("\r\n");
            dsn.Append("Diagnostic-Code: ").Append(code.Diagnostic).Append("\r\n");
        }
        var dsnBytes = Encoding.UTF8.GetBytes(dsn.ToString());
        var status = new MessageDeliveryStatus
        {
            Content = new MimeContent(new MemoryStream(dsnBytes)),
            ContentTransferEncoding = Ascii.IsValid(dsnBytes) ? ContentEncoding.SevenBit : ContentEncoding.EightBit,
        };

        // RFC 6522 3 / RFC 3462: the returned content is the original header block, as it was submitted.
        var headers = new MimePart("text", "rfc822-headers")
        {
            Content = new MimeContent(new MemoryStream(headerBytes)),
            ContentTransferEncoding = Ascii.IsValid(headerBytes) ? ContentEncoding.SevenBit : ContentEncoding.EightBit,
        };

        var report = new MultipartReport("delivery-status") { human, status, headers };
        message.Body = report;

        using var ms = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, ms);
        return ms.ToArray();
    }

    private static string HumanText(IReadOnlyList<FailedRecipient> failed, string serverName, byte[] headerBytes)
    {
        var sb = new StringBuilder();
        sb.Append("Delivery has failed to these recipients or groups:\r\n\r\n");
        foreach (var r in failed)
        {
            sb.Append(r.Address).Append("\r\n");
            sb.Append(DeliveryFailureCodes.For(r.Status).Explanation).Append("\r\n\r\n");
        }
        sb.Append("\r\nDiagnostic information for administrators:\r\n\r\n");
        sb.Append("Generating server: ").Append(serverName).Append("\r\n\r\n");
        foreach (var r in failed)
        {
            var diagnostic = DeliveryFailureCodes.For(r.Status).Diagnostic;
            sb.Append(r.Address).Append("\r\n");
            sb.Append("Remote server returned '").Append(diagnostic["smtp; ".Length..]).Append("'\r\n\r\n");
        }
        sb.Append("Original message headers:\r\n\r\n");
        sb.Append(RawHeaders.Decode(headerBytes));
        return sb.ToString();
    }
}
