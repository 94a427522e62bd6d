using System.Text;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;
using Bourse.Core.Ids;
using MimeKit;

namespace Bourse.Server.Export;

/// <summary>Builds RFC 5322 MIME for an item that has none (created by a protocol from properties), the way Exchange converts MAPI to MIME (MS-OXCMAIL 2.1, simplified).</summary>
internal static class MimeFromProperties
{
    public static async Task<MimeMessage> BuildAsync(IMailStore store, MailboxId mailbox, Item item, CancellationToken ct)
    {
        var bag = item.Properties;
        var message = new MimeMessage { Subject = bag.GetString(PropTags.Subject) ?? "" };

        var senderAddress = bag.GetString(PropTags.SenderSmtpAddress) ?? bag.GetString(PropTags.SentRepresentingSmtpAddress) ?? bag.GetString(PropTags.SenderEmailAddress);
        var senderName = bag.GetString(PropTags.SenderName) ?? bag.GetString(PropTags.SentRepresentingName);
        if (TryAddress(senderName, senderAddress) is { } from)
            message.From.Add(from);

        foreach (var recipient in item.Recipients)
        {
            if (TryAddress(recipient.DisplayName, recipient.Address) is not { } address)
                continue;
            var list = recipient.Type switch
            {
                RecipientType.Cc => message.Cc,
                RecipientType.Bcc => message.Bcc,
                _ => message.To,
            };
            list.Add(address);
        }

        if ((bag.GetDateTime(PropTags.ClientSubmitTime) ?? bag.GetDateTime(PropTags.MessageDeliveryTime)) is { } date)
            message.Date = new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc));
        if (bag.GetString(PropTags.InternetMessageId) is { Length: > 0 } id)
            message.MessageId = id.Trim('<', '>');
        if (bag.GetString(PropTags.InReplyToId) is { Length: > 0 } inReplyTo)
            message.InReplyTo = inReplyTo.Trim('<', '>');
        message.Importance = (bag.GetInt32(PropTags.Importance) ?? 1) switch
        {
            0 => MessageImportance.Low,
            2 => MessageImportance.High,
            _ => MessageImportance.Normal,
        };
        if (bag.GetString(PropTags.MessageClass) is { } messageClass && !messageClass.Equals("IPM.Note", StringComparison.OrdinalIgnoreCase))
            message.Headers.Add("X-MS-Exchange-Message-Class", messageClass);

        var body = new BodyBuilder { TextBody = bag.GetString(PropTags.Body) };
        if (bag.GetBinary(PropTags.Html) is { Length: > 0 } html)
            body.HtmlBody = DecodeHtml(html, bag.GetInt32(PropTags.InternetCodepage));

        foreach (var attachment in item.Attachments)
        {
            await using var stream = await store.OpenAttachmentAsync(mailbox, item.Id, attachment.Number, ct);
            if (stream is null)
                continue;
            var content = new MemoryStream();
            await stream.CopyToAsync(content, ct);
            content.Position = 0;
            var contentType = ContentType.TryParse(attachment.ContentType, out var parsed) ? parsed : new ContentType("application", "octet-stream");
            var entity = attachment.IsInline && attachment.ContentId is { } cid
                ? body.LinkedResources.Add(attachment.FileName, content, contentType)
                : body.Attachments.Add(attachment.FileName, content, contentType);
            if (attachment.IsInline && attachment.ContentId is { } contentId)
                entity.ContentId = contentId.Trim('<', '>');
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    private static MailboxAddress? TryAddress(string? name, string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !address.Contains('@', StringComparison.Ordinal))
            return null;
        try
        {
            return new MailboxAddress(name == address ? null : name, address);
        }
        catch (ParseException)
        {
            return null;
        }
    }

    private static string DecodeHtml(byte[] html, int? codepage)
    {
        if (codepage is { } cp and not 65001)
        {
            try
            {
                return Encoding.GetEncoding(cp).GetString(html);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
            }
        }
        return Encoding.UTF8.GetString(html);
    }
}
