using System.Globalization;
using System.Net;
using System.Text;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;
using MimeKit;
using MimeKit.Text;
using MimeKit.Utils;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// The server's half of SmartReply and SmartForward (MS-ASCMD 2.2.1.19, 2.2.1.20): the device sent only its new text;
/// unless it said ReplaceMime, the server appends the original message — quoted under an "On … wrote:" line for a reply,
/// under an "Original Message" header block with the original's attachments for a forward — and threads a reply with
/// In-Reply-To and References (RFC 5322 3.6.4).
/// </summary>
internal static class ComposeMessageBuilder
{
    private const string ForwardSeparator = "-----Original Message-----";

    /// The original as MIME: its stored bytes, or — for an item created without MIME (EWS, MAPI) or whose bytes do not parse —
    /// a message rebuilt from its properties, recipients and attachments.
    internal static async ValueTask<MimeMessage> LoadOriginalAsync(IMailStore store, MailboxId mailbox, Item item, CancellationToken ct)
    {
        var stream = await store.OpenMimeAsync(mailbox, item.Id, ct).ConfigureAwait(false);
        if (stream is not null)
        {
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    return await MimeMessage.LoadAsync(stream, ct).ConfigureAwait(false);
                }
                catch (FormatException)
                {
                    // Stored byte-exact but not parseable: fall back to what the mapper understood.
                }
            }
        }

        return await FromPropertiesAsync(store, mailbox, item, ct).ConfigureAwait(false);
    }

    /// Appends the original to the draft the device sent (in place).
    internal static void AppendOriginal(MimeMessage draft, MimeMessage original, bool forward)
    {
        var newHtml = draft.HtmlBody;
        var newText = draft.TextBody ?? (newHtml is null ? "" : HtmlToText(newHtml));
        var originalHtml = original.HtmlBody;
        var originalText = original.TextBody ?? (originalHtml is null ? "" : HtmlToText(originalHtml));
        var useHtml = newHtml is not null || originalHtml is not null;

        var plain = new StringBuilder(newText.Length + originalText.Length + 256);
        plain.Append(newText.TrimEnd('\r', '\n')).Append("\r\n\r\n");
        if (forward)
        {
            plain.Append(ForwardSeparator).Append("\r\n");
            foreach (var (label, value) in HeaderBlock(original))
                plain.Append(label).Append(": ").Append(value).Append("\r\n");
            plain.Append("\r\n").Append(originalText);
        }
        else
        {
            plain.Append(Attribution(original)).Append("\r\n");
            foreach (var line in originalText.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
                plain.Append(line.StartsWith('>') ? ">" : "> ").Append(line).Append("\r\n");
        }

        var plainPart = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        plainPart.SetText(Encoding.UTF8, plain.ToString());
        MimeEntity textual = plainPart;
        if (useHtml)
        {
            var quoted = originalHtml is not null ? BodyInner(originalHtml) : TextToHtml(originalText);
            var appended = new StringBuilder();
            if (forward)
            {
                appended.Append("<hr><div>");
                foreach (var (label, value) in HeaderBlock(original))
                    appended.Append("<b>").Append(label).Append(":</b> ").Append(WebUtility.HtmlEncode(value)).Append("<br>");
                appended.Append("</div><br>").Append(quoted);
            }
            else
            {
                appended.Append("<div>").Append(WebUtility.HtmlEncode(Attribution(original))).Append("</div>")
                    .Append("<blockquote type=\"cite\" style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex\">")
                    .Append(quoted).Append("</blockquote>");
            }

            var html = InsertBeforeBodyEnd(newHtml ?? $"<html><body>{TextToHtml(newText)}</body></html>", appended.ToString());
            var htmlPart = new TextPart(TextFormat.Html) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
            htmlPart.SetText(Encoding.UTF8, html);
            textual = new MultipartAlternative { plainPart, htmlPart };
        }

        var parts = NonBodyParts(draft).ToList();
        if (forward)
        {
            // MS-ASCMD 2.2.3.148: without ReplaceMime the forward carries the original's attachments.
            parts.AddRange(NonBodyParts(original));
        }
        else if (originalHtml is not null)
        {
            // The quoted HTML may show the original's inline images (cid: references); a reply keeps those, not its attachments.
            parts.AddRange(NonBodyParts(original).Where(p => p is MimePart { IsAttachment: false, ContentId: not null }));
        }

        if (parts.Count == 0)
        {
            draft.Body = textual;
        }
        else
        {
            var mixed = new Multipart("mixed") { textual };
            foreach (var p in parts)
                mixed.Add(p);
            draft.Body = mixed;
        }

        if (string.IsNullOrWhiteSpace(draft.Subject))
            draft.Subject = (forward ? "FW: " : "RE: ") + original.Subject;
    }

    /// Threads the new message under the original (RFC 5322 3.6.4) unless the device already did. A forward is not a reply,
    /// so it only gets References.
    internal static void Thread(MimeMessage draft, MimeMessage original, bool forward)
    {
        if (string.IsNullOrEmpty(original.MessageId))
            return;
        if (!forward && string.IsNullOrEmpty(draft.InReplyTo))
            draft.InReplyTo = original.MessageId;
        if (draft.References.Count == 0)
        {
            foreach (var r in original.References)
                draft.References.Add(r);
            draft.References.Add(original.MessageId);
        }
    }

    /// Every leaf of the message that is not its text: attachments, inline images, calendar parts, attached messages.
    private static IEnumerable<MimeEntity> NonBodyParts(MimeMessage message) =>
        message.BodyParts.Where(e => e is not TextPart { IsAttachment: false } tp || !(tp.IsPlain || tp.IsHtml));

    private static IEnumerable<(string Label, string Value)> HeaderBlock(MimeMessage original)
    {
        yield return ("From", Addresses(original.From));
        yield return ("Sent", original.Date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture));
        yield return ("To", Addresses(original.To));
        if (original.Cc.Count > 0)
            yield return ("Cc", Addresses(original.Cc));
        yield return ("Subject", original.Subject ?? "");
    }

    private static string Attribution(MimeMessage original) =>
        string.Create(CultureInfo.InvariantCulture,
            $"On {original.Date.ToUniversalTime():ddd, dd MMM yyyy HH:mm 'UTC'}, {Addresses(original.From)} wrote:");

    private static string Addresses(InternetAddressList list) =>
        string.Join("; ", list.Mailboxes.Select(m => string.IsNullOrEmpty(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));

    private static string TextToHtml(string text) =>
        string.Join("<br>\r\n", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(WebUtility.HtmlEncode));

    /// What lies between &lt;body …&gt; and &lt;/body&gt;, or the whole text when it is a fragment.
    private static string BodyInner(string html)
    {
        var open = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        if (open < 0)
            return html;
        var start = html.IndexOf('>', open);
        if (start < 0)
            return html;
        var end = html.LastIndexOf("</body", StringComparison.OrdinalIgnoreCase);
        return end > start ? html[(start + 1)..end] : html[(start + 1)..];
    }

    private static string InsertBeforeBodyEnd(string html, string fragment)
    {
        var end = html.LastIndexOf("</body", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? html + fragment : html.Insert(end, fragment);
    }

    /// Text of an HTML body: tags dropped, entities decoded, block ends as line breaks, script and style skipped.
    internal static string HtmlToText(string html)
    {
        var sb = new StringBuilder(html.Length / 2);
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        var skip = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlDataToken data when skip == 0:
                    sb.Append(data.Data);
                    break;
                case HtmlTagToken tag:
                    if (tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title)
                        skip = Math.Max(0, skip + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                    else if ((tag.Id is HtmlTagId.Br && !tag.IsEndTag) || (tag.IsEndTag && tag.Id is HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR))
                        sb.Append("\r\n");
                    break;
            }
        }

        return sb.ToString();
    }

    private static async ValueTask<MimeMessage> FromPropertiesAsync(IMailStore store, MailboxId mailbox, Item item, CancellationToken ct)
    {
        var bag = item.Properties;
        var message = new MimeMessage { Subject = item.Subject };
        var fromAddress = bag.GetString(PropTags.SentRepresentingSmtpAddress) ?? bag.GetString(PropTags.SenderSmtpAddress);
        if (fromAddress is not null)
            message.From.Add(new MailboxAddress(bag.GetString(PropTags.SentRepresentingName) ?? bag.GetString(PropTags.SenderName), fromAddress));
        foreach (var r in item.Recipients)
        {
            var list = r.Type switch { RecipientType.Cc => message.Cc, RecipientType.Bcc => null, _ => message.To };
            if (list is not null && MailboxAddress.TryParse(r.Address, out var address))
                list.Add(new MailboxAddress(r.DisplayName, address.Address));
        }

        if ((bag.GetDateTime(PropTags.ClientSubmitTime) ?? bag.GetDateTime(PropTags.MessageDeliveryTime)) is { } date)
            message.Date = new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc));
        if (bag.GetString(PropTags.InternetMessageId) is { Length: > 2 } id)
            message.MessageId = MimeUtils.EnumerateReferences(id).FirstOrDefault() ?? id.Trim('<', '>');

        var text = new TextPart(TextFormat.Plain);
        text.SetText(Encoding.UTF8, bag.GetString(PropTags.Body) ?? "");
        MimeEntity body = text;
        if (bag.GetBinary(PropTags.Html) is { Length: > 0 } htmlBytes)
        {
            var html = new TextPart(TextFormat.Html);
            html.SetText(Encoding.UTF8, Encoding.UTF8.GetString(htmlBytes));
            body = new MultipartAlternative { text, html };
        }

        if (item.Attachments.Count == 0)
        {
            message.Body = body;
            return message;
        }

        var mixed = new Multipart("mixed") { body };
        foreach (var a in item.Attachments)
        {
            var content = await store.OpenAttachmentAsync(mailbox, item.Id, a.Number, ct).ConfigureAwait(false);
            if (content is null)
                continue;
            var bytes = new MemoryStream();
            await using (content.ConfigureAwait(false))
                await content.CopyToAsync(bytes, ct).ConfigureAwait(false);
            bytes.Position = 0;
            var part = new MimePart(ContentType.TryParse(a.ContentType, out var type) ? type : new ContentType("application", "octet-stream"))
            {
                Content = new MimeContent(bytes),
                ContentTransferEncoding = ContentEncoding.Base64,
                ContentDisposition = new ContentDisposition(a.IsInline ? ContentDisposition.Inline : ContentDisposition.Attachment),
                FileName = a.FileName,
            };
            if (a.ContentId is { Length: > 0 } cid)
                part.ContentId = cid.Trim('<', '>');
            mixed.Add(part);
        }

        message.Body = mixed;
        return message;
    }
}
