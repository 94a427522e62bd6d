using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using MimeKit;
using MimeKit.Text;

namespace Bourse.Owa.Mail;

/// <summary>
/// Drafts as items, with the properties every protocol reads (ActiveSync 16 shows them as drafts, IsDraft): class IPM.Note,
/// mfUnsent, subject with its prefix split (MS-OXCMSG 2.2.1.9), PidTagHtml and the plain-text PidTagBody beside it,
/// PidTagDisplayTo/Cc/Bcc over the recipient table, the user as sender; and reply/forward drafts built from an original.
/// </summary>
internal static partial class OwaDraftBuilder
{
    public const int MaxRecipients = 500;
    public const int MaxSubjectChars = 1024;
    public const int MaxNameChars = 256;

    /// <summary>What a request asks a draft to be, validated; <see cref="Error"/> says what is wrong otherwise.</summary>
    public sealed record Content(List<Recipient> Recipients, string Subject, string Html, int Importance)
    {
        public string? Error { get; init; }
    }

    public static Content Validate(DraftRequest request)
    {
        var recipients = new List<Recipient>();
        foreach (var (list, type) in new[] { (request.To, RecipientType.To), (request.Cc, RecipientType.Cc), (request.Bcc, RecipientType.Bcc) })
        {
            foreach (var a in list ?? [])
            {
                if (a is null || NormalizeAddress(a.Address) is not { } address)
                    return Invalid("Every recipient needs a valid e-mail address.");
                var name = CleanLine(a.Name ?? "", MaxNameChars);
                recipients.Add(new Recipient(type, address, name.Length == 0 ? address : name));
            }
        }
        if (recipients.Count > MaxRecipients)
            return Invalid("A message can have at most 500 recipients.");
        if (OwaMessageRenderer.ParseImportance(request.Importance) is not { } importance)
            return Invalid("importance must be low, normal or high.");
        var subject = CleanLine(request.Subject ?? "", MaxSubjectChars);
        return new Content(recipients, subject, request.BodyHtml ?? "", importance);

        static Content Invalid(string message) => new([], "", "", 1) { Error = message };
    }

    /// <summary>The properties of a draft's content (a new draft adds <see cref="NewDraftProperties"/>).</summary>
    public static PropertyBag ContentProperties(Content content, string sanitizedHtml, DateTime now)
    {
        var bag = new PropertyBag();
        SetSubject(bag, content.Subject);
        bag.Set(PropTags.Importance, content.Importance);
        bag.Set(PropTags.Html, Encoding.UTF8.GetBytes(sanitizedHtml));
        bag.Set(PropTags.Body, HtmlToText(sanitizedHtml));
        // MS-OXCMSG 2.2.1.56.x: the HTML is the native body, stored as UTF-8.
        bag.Set(PropTags.NativeBody, 3);
        bag.Set(PropTags.InternetCodepage, 65001);
        bag.Set(PropTags.DisplayTo, Display(content.Recipients, RecipientType.To));
        bag.Set(PropTags.DisplayCc, Display(content.Recipients, RecipientType.Cc));
        bag.Set(PropTags.DisplayBcc, Display(content.Recipients, RecipientType.Bcc));
        bag.Set(PropTags.LastModificationTime, now);
        return bag;
    }

    /// <summary>Class, flags (MS-OXCMSG 2.2.1.6: unsent and read) and sender of a new draft.</summary>
    public static void NewDraftProperties(PropertyBag bag, DirectoryUser user, DateTime now)
    {
        bag.Set(PropTags.MessageClass, "IPM.Note");
        bag.Set(PropTags.MessageFlags, (int)(MessageFlags.Unsent | MessageFlags.Read));
        bag.Set(PropTags.CreationTime, now);
        bag.Set(PropTags.SenderName, user.DisplayName);
        bag.Set(PropTags.SenderEmailAddress, user.PrimarySmtpAddress);
        bag.Set(PropTags.SenderSmtpAddress, user.PrimarySmtpAddress);
        bag.Set(PropTags.SenderAddressType, "SMTP");
        bag.Set(PropTags.SentRepresentingName, user.DisplayName);
        bag.Set(PropTags.SentRepresentingEmailAddress, user.PrimarySmtpAddress);
        bag.Set(PropTags.SentRepresentingSmtpAddress, user.PrimarySmtpAddress);
        bag.Set(PropTags.SentRepresentingAddressType, "SMTP");
    }

    /// <summary>
    /// Sanitizes a draft body the user wrote. Images the page shows from this draft's attachments (their API URL) go back to
    /// the cid: references the message will carry, so the MIME built at send refers to its own parts.
    /// </summary>
    public static string SanitizeDraftHtml(string html, string draftId, IReadOnlyList<Attachment> attachments)
    {
        if (attachments.Count > 0 && html.Contains("/attachments/", StringComparison.Ordinal))
        {
            html = DraftAttachmentUrl().Replace(html, m =>
            {
                if (m.Groups["id"].Value != draftId || !int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    return m.Value;
                var a = attachments.FirstOrDefault(x => x.Number == n);
                return a?.ContentId is { Length: > 0 } cid ? "cid:" + Uri.EscapeDataString(cid.Trim('<', '>')) : m.Value;
            });
        }
        return OwaMailSanitizer.Sanitize(html, new OwaMailSanitizer.Request { AllowRemoteImages = true, ResolveContentId = null });
    }

    [GeneratedRegex(@"(?:https?://[^/""'\s]+)?/owa/service/messages/(?<id>[A-Za-z0-9_-]{1,64})/attachments/(?<n>\d{1,9})", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DraftAttachmentUrl();

    /// <summary>"RE: " or "FW: " before the original subject, unless it already starts with that prefix.</summary>
    public static string PrefixedSubject(string subject, bool forward)
    {
        subject = subject.Trim();
        var prefixes = forward ? new[] { "FW:", "FWD:" } : new[] { "RE:" };
        return prefixes.Any(p => subject.StartsWith(p, StringComparison.OrdinalIgnoreCase)) ? subject : (forward ? "FW: " : "RE: ") + subject;
    }

    /// <summary>The recipients of a reply (the Reply-To addresses, else the sender) or a reply to all (plus To and Cc), never the user.</summary>
    public static List<Recipient> ReplyRecipients(Item original, IReadOnlyList<AddressDto> replyTo, DirectoryUser user, bool all)
    {
        var mine = new HashSet<string>(user.Aliases.Append(user.PrimarySmtpAddress), StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<Recipient>();
        void Add(RecipientType type, string? name, string? address)
        {
            if (NormalizeAddress(address) is not { } a || mine.Contains(a) || !seen.Add(a))
                return;
            result.Add(new Recipient(type, a, string.IsNullOrWhiteSpace(name) ? a : CleanLine(name, MaxNameChars)));
        }

        var from = OwaMessageRenderer.From(original.Properties);
        var fromMe = from is not null && mine.Contains(from.Address);
        if (fromMe)
        {
            // A reply to a message the user sent goes to its recipients, as Outlook does.
            foreach (var r in original.Recipients.Where(r => r.Type == RecipientType.To))
                Add(RecipientType.To, r.DisplayName, r.Address);
        }
        else if (replyTo.Count > 0)
        {
            foreach (var a in replyTo)
                Add(RecipientType.To, a.Name, a.Address);
        }
        else if (from is not null)
        {
            Add(RecipientType.To, from.Name, from.Address);
        }
        if (all)
        {
            foreach (var r in original.Recipients.Where(r => r.Type == RecipientType.To))
                Add(RecipientType.To, r.DisplayName, r.Address);
            foreach (var r in original.Recipients.Where(r => r.Type == RecipientType.Cc))
                Add(RecipientType.Cc, r.DisplayName, r.Address);
        }
        return result;
    }

    /// <summary>The body of a reply or forward: room to write, then the original quoted (reply) or under a header block (forward).</summary>
    public static string QuotedBody(MessageDto original, Item item, bool forward)
    {
        var originalHtml = item.Properties.GetBinary(PropTags.Html) is { Length: > 0 } bytes
            ? OwaMailSanitizer.Sanitize(Encoding.UTF8.GetString(bytes), new OwaMailSanitizer.Request { AllowRemoteImages = true, ResolveContentId = null })
            : OwaMailSanitizer.TextToHtml(item.Properties.GetString(PropTags.Body) ?? "");
        var sent = (original.SentUtc ?? original.ReceivedUtc).ToString("ddd, dd MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var from = original.From is { } f ? Format(f) : "";
        var sb = new StringBuilder(originalHtml.Length + 512);
        sb.Append("<div><br></div><div><br></div>");
        if (forward)
        {
            sb.Append("<hr><div>");
            Line(sb, "From", from);
            Line(sb, "Sent", sent);
            Line(sb, "To", string.Join("; ", original.To.Select(Format)));
            if (original.Cc.Count > 0)
                Line(sb, "Cc", string.Join("; ", original.Cc.Select(Format)));
            Line(sb, "Subject", original.Subject);
            sb.Append("</div><br>").Append(originalHtml);
        }
        else
        {
            sb.Append("<div>").Append(WebUtility.HtmlEncode($"On {sent}, {from} wrote:")).Append("</div>")
                .Append("<blockquote style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex\">")
                .Append(originalHtml).Append("</blockquote>");
        }
        return sb.ToString();

        static void Line(StringBuilder sb, string label, string value) =>
            sb.Append("<b>").Append(label).Append(":</b> ").Append(WebUtility.HtmlEncode(value)).Append("<br>");

        static string Format(AddressDto a) => string.IsNullOrEmpty(a.Name) || a.Name == a.Address ? a.Address : $"{a.Name} <{a.Address}>";
    }

    /// <summary>MS-OXCMSG 2.2.1.9: PidTagSubjectPrefix is one to three non-digit characters, a colon and a space; the rest is normalized.</summary>
    public static void SetSubject(PropertyBag bag, string subject)
    {
        var prefix = "";
        var colon = subject.IndexOf(':', StringComparison.Ordinal);
        if (colon is >= 1 and <= 3 && colon + 1 < subject.Length && subject[colon + 1] == ' ' &&
            subject.AsSpan(0, colon).IndexOfAnyInRange('0', '9') < 0 && !subject.AsSpan(0, colon).ContainsAny(" \t"))
            prefix = subject[..(colon + 2)];
        var normalized = subject[prefix.Length..];
        bag.Set(PropTags.Subject, subject);
        bag.Set(PropTags.SubjectPrefix, prefix);
        bag.Set(PropTags.NormalizedSubject, normalized);
        bag.Set(PropTags.ConversationTopic, normalized);
    }

    /// <summary>The text of an HTML body for PidTagBody and the text/plain part: tags dropped, entities decoded, blocks on their own lines.</summary>
    public static string HtmlToText(string html)
    {
        if (string.IsNullOrEmpty(html))
            return "";
        var sb = new StringBuilder(html.Length / 2);
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var hidden = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            if (token is HtmlDataToken data)
            {
                if (hidden == 0)
                    sb.Append(data.Data);
            }
            else if (token is HtmlTagToken tag)
            {
                if (tag.Id is HtmlTagId.Style or HtmlTagId.Script or HtmlTagId.Title or HtmlTagId.Head)
                {
                    if (!tag.IsEmptyElement)
                        hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : 1));
                }
                else if (tag.Id is HtmlTagId.Br || (tag.IsEndTag && tag.Id is HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR
                             or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.BlockQuote or HtmlTagId.Table))
                {
                    sb.Append("\r\n");
                }
                else if (tag.Id is HtmlTagId.HR && !tag.IsEndTag)
                {
                    sb.Append("\r\n----------\r\n");
                }
            }
        }
        return sb.ToString().Trim();
    }

    /// <summary>A bare addr-spec the MIME writer can carry, lower-cased domain kept as typed; null when it is not one.</summary>
    public static string? NormalizeAddress(string? address)
    {
        address = address?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > 320 || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"'))
            return null;
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
            return null;
        return MailboxAddress.TryParse(address, out var parsed) && string.Equals(parsed.Address, address, StringComparison.OrdinalIgnoreCase) ? address : null;
    }

    private static string CleanLine(string text, int max)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length > max ? clean[..max] : clean;
    }

    private static string Display(List<Recipient> recipients, RecipientType type) =>
        string.Join("; ", recipients.Where(r => r.Type == type).Select(r => r.DisplayName));
}
