using System.Globalization;
using System.Text;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Owa.Api;
using MimeKit;

namespace Bourse.Owa.Mail;

/// <summary>
/// Items as the API shows them (docs/owa-api.md MessageSummary, Message), read from the same properties ActiveSync renders:
/// PidTagSender*/PidTagSentRepresenting* for From, the recipient table for To/Cc/Bcc, PidTagHtml/PidTagBody for the body,
/// PidTagFlagStatus, PidTagImportance, PidTagMessageFlags (mfRead, mfUnsent).
/// </summary>
internal static class OwaMessageRenderer
{
    private const int PreviewChars = 256;

    /// <summary>A list row from the store's indexed columns only (the preview is not among them, so it is empty).</summary>
    public static MessageSummaryDto Summary(MailboxId mailbox, ItemSummary s) => new(
        OwaIds.Of(mailbox, s.Id),
        OwaIds.Of(mailbox, s.FolderId),
        s.Subject,
        AddressOf(s.SenderName, s.SenderAddress),
        Utc(s.ReceivedUtc),
        s.IsRead,
        FlagName(s.FlagStatus),
        ImportanceName(s.Importance),
        s.HasAttachments,
        s.Size,
        "");

    /// <summary>The summary of a loaded item, with its preview.</summary>
    public static MessageSummaryDto Summary(MailboxId mailbox, Item item)
    {
        var bag = item.Properties;
        return new MessageSummaryDto(
            OwaIds.Of(mailbox, item.Id),
            OwaIds.Of(mailbox, item.FolderId),
            item.Subject,
            From(bag),
            Received(bag),
            item.IsRead,
            FlagName(item.FlagStatus),
            ImportanceName(bag.GetInt32(PropTags.Importance) ?? 1),
            HasAttachments(item),
            item.Size,
            Preview(bag.GetString(PropTags.Body)));
    }

    public static MessageDto Message(MailboxId mailbox, Item item, bool allowImages)
    {
        var s = Summary(mailbox, item);
        var bag = item.Properties;
        var itemId = s.Id;
        var byContentId = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in item.Attachments)
        {
            if (a.ContentId is { Length: > 0 } cid)
                byContentId.TryAdd(cid.Trim('<', '>'), a.Number);
        }
        var request = new OwaMailSanitizer.Request
        {
            AllowRemoteImages = allowImages,
            ResolveContentId = cid => byContentId.TryGetValue(cid, out var n) ? AttachmentUrl(itemId, n) : null,
        };
        var text = bag.GetString(PropTags.Body) ?? "";
        string html;
        if (bag.GetBinary(PropTags.Html) is { Length: > 0 } htmlBytes)
            html = OwaMailSanitizer.Sanitize(Encoding.UTF8.GetString(htmlBytes), request);
        else
            html = OwaMailSanitizer.TextToHtml(text);
        var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0);
        return new MessageDto(
            s.Id, s.FolderId, s.Subject, s.From, s.ReceivedUtc, s.IsRead, s.Flag, s.Importance, s.HasAttachments, s.Size, s.Preview,
            Recipients(item, RecipientType.To),
            Recipients(item, RecipientType.Cc),
            Recipients(item, RecipientType.Bcc),
            ReplyTo(bag),
            bag.GetDateTime(PropTags.ClientSubmitTime) is { } sent ? Utc(sent) : null,
            html,
            text,
            request.BlockedImages,
            item.Attachments.Select(Attachment).ToList(),
            bag.GetString(PropTags.InternetMessageId),
            flags.HasFlag(MessageFlags.Unsent));
    }

    public static AttachmentDto Attachment(Attachment a) => new(
        a.Number.ToString(CultureInfo.InvariantCulture),
        a.FileName,
        a.ContentType,
        a.Size,
        a.IsInline,
        a.ContentId);

    public static string AttachmentUrl(string itemId, int number) =>
        "/owa/service/messages/" + itemId + "/attachments/" + number.ToString(CultureInfo.InvariantCulture);

    public static AddressDto? From(PropertyBag bag) =>
        AddressOf(bag.GetString(PropTags.SenderName) ?? bag.GetString(PropTags.SentRepresentingName),
            bag.GetString(PropTags.SenderSmtpAddress) ?? bag.GetString(PropTags.SentRepresentingSmtpAddress)
            ?? bag.GetString(PropTags.SenderEmailAddress) ?? bag.GetString(PropTags.SentRepresentingEmailAddress));

    public static List<AddressDto> Recipients(Item item, RecipientType type) =>
        item.Recipients.Where(r => r.Type == type).Select(r => new AddressDto(r.DisplayName, r.Address)).ToList();

    public static DateTime Received(PropertyBag bag) =>
        Utc(bag.GetDateTime(PropTags.MessageDeliveryTime) ?? bag.GetDateTime(PropTags.ClientSubmitTime)
            ?? bag.GetDateTime(PropTags.CreationTime) ?? DateTime.UnixEpoch);

    public static bool HasAttachments(Item item) =>
        item.Properties.GetBoolean(PropTags.HasAttachments) ?? item.Attachments.Any(a => !a.IsInline);

    /// <summary>MS-OXOFLAG 2.2.1.1 PidTagFlagStatus: 0 none, 1 complete, 2 flagged.</summary>
    public static string FlagName(FlagStatus status) => status switch
    {
        FlagStatus.Flagged => "flagged",
        FlagStatus.Complete => "complete",
        _ => "none",
    };

    public static FlagStatus? ParseFlag(string? name) => name switch
    {
        "none" => FlagStatus.NotFlagged,
        "flagged" => FlagStatus.Flagged,
        "complete" => FlagStatus.Complete,
        _ => null,
    };

    /// <summary>MS-OXCMSG 2.2.1.11 PidTagImportance: 0 low, 1 normal, 2 high.</summary>
    public static string ImportanceName(int importance) => importance switch
    {
        0 => "low",
        2 => "high",
        _ => "normal",
    };

    public static int? ParseImportance(string? name) => name switch
    {
        null => 1,
        "low" => 0,
        "normal" => 1,
        "high" => 2,
        _ => null,
    };

    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private static AddressDto? AddressOf(string? name, string? address)
    {
        if (string.IsNullOrEmpty(address) && string.IsNullOrEmpty(name))
            return null;
        return new AddressDto(string.IsNullOrEmpty(name) ? address ?? "" : name, address ?? "");
    }

    private static string Preview(string? body)
    {
        if (string.IsNullOrEmpty(body))
            return "";
        var sb = new StringBuilder(PreviewChars);
        var space = false;
        foreach (var c in body)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
                sb.Append(' ');
            space = false;
            sb.Append(c);
            if (sb.Length >= PreviewChars)
                break;
        }
        return sb.ToString();
    }

    /// <summary>PidTagReplyRecipientNames has names only, so the addresses come from the Reply-To field of the kept headers.</summary>
    private static List<AddressDto> ReplyTo(PropertyBag bag)
    {
        var value = HeaderValue(bag.GetString(PropTags.TransportMessageHeaders), "Reply-To");
        if (value is null || !InternetAddressList.TryParse(value, out var list))
            return [];
        return list.Mailboxes.Select(m => new AddressDto(string.IsNullOrEmpty(m.Name) ? m.Address : m.Name, m.Address)).ToList();
    }

    /// <summary>The unfolded value of the first field named <paramref name="name"/> in a header block (RFC 5322 2.2.3).</summary>
    internal static string? HeaderValue(string? headers, string name)
    {
        if (string.IsNullOrEmpty(headers))
            return null;
        using var reader = new StringReader(headers);
        StringBuilder? value = null;
        while (reader.ReadLine() is { } line)
        {
            if (value is not null)
            {
                if (line.Length > 0 && line[0] is ' ' or '\t')
                {
                    value.Append(' ').Append(line.Trim());
                    continue;
                }
                return value.ToString();
            }
            if (line.Length == 0)
                return null;
            if (line.Length > name.Length && line[name.Length] == ':' && line.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                value = new StringBuilder(line[(name.Length + 1)..].Trim());
        }
        return value?.ToString();
    }
}
