using System.Text;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Storage;
using MimeKit;
using MimeKit.Utils;

namespace Bourse.Owa.Mail;

/// <summary>
/// The RFC 5322 message a draft becomes when sent: From the signed-in user, To/Cc/Bcc from the recipient table (Submission
/// removes Bcc from delivered copies), the draft's subject and importance, In-Reply-To and References kept from the reply
/// (RFC 5322 3.6.4), multipart/alternative of the plain text and the HTML, inline images referenced by cid: as
/// multipart/related parts (RFC 2387), the other attachments in multipart/mixed.
/// </summary>
internal static class OwaDraftMime
{
    public static async Task<byte[]> BuildAsync(IMailStore store, MailboxId mailbox, Item draft, DirectoryUser user, DateTimeOffset now,
        CancellationToken ct)
    {
        var bag = draft.Properties;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(user.DisplayName, user.PrimarySmtpAddress));
        foreach (var r in draft.Recipients)
        {
            var list = r.Type switch
            {
                RecipientType.To => message.To,
                RecipientType.Cc => message.Cc,
                RecipientType.Bcc => message.Bcc,
                _ => null,
            };
            if (list is not null && OwaDraftBuilder.NormalizeAddress(r.Address) is { } address)
                list.Add(new MailboxAddress(r.DisplayName == address ? null : r.DisplayName, address));
        }
        message.Subject = draft.Subject;
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(user.Domain);
        message.Importance = (bag.GetInt32(PropTags.Importance) ?? 1) switch
        {
            0 => MessageImportance.Low,
            2 => MessageImportance.High,
            _ => MessageImportance.Normal,
        };
        if (bag.GetString(PropTags.InReplyToId) is { Length: > 0 } inReplyTo && MimeUtils.EnumerateReferences(inReplyTo).FirstOrDefault() is { } replyId)
            message.InReplyTo = replyId;
        if (bag.GetString(PropTags.InternetReferences) is { Length: > 0 } references)
        {
            foreach (var r in MimeUtils.EnumerateReferences(references))
                message.References.Add(r);
        }

        var html = bag.GetBinary(PropTags.Html) is { Length: > 0 } h ? Encoding.UTF8.GetString(h) : null;
        var builder = new BodyBuilder
        {
            TextBody = bag.GetString(PropTags.Body) ?? (html is null ? "" : OwaDraftBuilder.HtmlToText(html)),
            HtmlBody = html,
        };
        foreach (var a in draft.Attachments)
        {
            var content = await store.OpenAttachmentAsync(mailbox, draft.Id, a.Number, ct);
            if (content is null)
                continue;
            byte[] bytes;
            await using (content)
            {
                using var buffer = new MemoryStream();
                await content.CopyToAsync(buffer, ct);
                bytes = buffer.ToArray();
            }
            var type = ContentType.TryParse(a.ContentType, out var parsed) ? parsed : new ContentType("application", "octet-stream");
            var referenced = html is not null && a.ContentId is { Length: > 0 } cid && (
                html.Contains("cid:" + cid.Trim('<', '>'), StringComparison.OrdinalIgnoreCase) ||
                html.Contains("cid:" + Uri.EscapeDataString(cid.Trim('<', '>')), StringComparison.OrdinalIgnoreCase));
            var part = referenced && a.IsInline
                ? builder.LinkedResources.Add(a.FileName, bytes, type)
                : builder.Attachments.Add(a.FileName, bytes, type);
            if (a.ContentId is { Length: > 0 } id)
                part.ContentId = id.Trim('<', '>');
        }
        message.Body = builder.ToMessageBody();

        using var output = new MemoryStream();
        await message.WriteToAsync(FormatOptions.Default, output, ct);
        return output.ToArray();
    }
}
