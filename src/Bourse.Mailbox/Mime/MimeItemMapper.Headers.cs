using Bourse.Core.Model;
using Bourse.Core.Properties;
using MimeKit;

namespace Bourse.Mailbox;

public static partial class MimeItemMapper
{
    // FILETIME cannot hold dates before 1601 (MS-DTYP 2.3.3); far-future dates are junk.
    private static readonly DateTime MinDate = new(1601, 1, 2, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MaxDate = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static void MapHeaders(MimeMapContext ctx, MimeMessage message)
    {
        var bag = ctx.Properties;
        var headers = message.Headers;

        Try(() =>
        {
            if (headers.Contains(HeaderId.Subject))
                SetSubject(ctx, message.Subject ?? "");
        });

        Try(() =>
        {
            var from = message.From.Mailboxes.FirstOrDefault();
            var sender = message.Sender ?? from;
            // MS-OXCMAIL 2.2.3.2.1/2.2.3.2.2: Sender (or From when there is none) maps to PidTagSender*, From to PidTagSentRepresenting*.
            if (sender is not null && !string.IsNullOrEmpty(sender.Address))
            {
                bag.Set(PropTags.SenderName, NameOf(sender));
                bag.Set(PropTags.SenderEmailAddress, sender.Address);
                bag.Set(PropTags.SenderSmtpAddress, sender.Address);
                bag.Set(PropTags.SenderAddressType, "SMTP");
            }
            if (from is not null && !string.IsNullOrEmpty(from.Address))
            {
                bag.Set(PropTags.SentRepresentingName, NameOf(from));
                bag.Set(PropTags.SentRepresentingEmailAddress, from.Address);
                bag.Set(PropTags.SentRepresentingSmtpAddress, from.Address);
                bag.Set(PropTags.SentRepresentingAddressType, "SMTP");
            }
        });

        Try(() =>
        {
            var replyTo = message.ReplyTo.Mailboxes.Select(NameOf).ToList();
            if (replyTo.Count > 0)
                bag.Set(PropTags.ReplyRecipientNames, string.Join(";", replyTo));
        });

        Try(() =>
        {
            if (headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue)
            {
                var utc = message.Date.UtcDateTime;
                if (utc > MinDate && utc < MaxDate)
                    bag.Set(PropTags.ClientSubmitTime, utc);
            }
        });

        Try(() =>
        {
            if (!string.IsNullOrWhiteSpace(message.MessageId))
                bag.Set(PropTags.InternetMessageId, "<" + message.MessageId + ">");
            if (!string.IsNullOrWhiteSpace(message.InReplyTo))
                bag.Set(PropTags.InReplyToId, "<" + message.InReplyTo + ">");
            if (message.References.Count > 0)
                bag.Set(PropTags.InternetReferences, string.Join(" ", message.References.Select(r => "<" + r + ">")));
        });

        Try(() => MapImportance(bag, headers));
        Try(() => MapSensitivity(bag, headers));
        Try(() => MapRecipients(ctx, message));
        Try(() => MapKeywords(bag, headers));
    }

    internal static void SetSubject(MimeMapContext ctx, string subject)
    {
        subject = subject.Trim();
        if (subject.Length > ctx.Options.MaxSubjectChars)
            subject = subject[..ctx.Options.MaxSubjectChars];
        var bag = ctx.Properties;
        var (prefix, normalized) = SplitSubject(subject);
        bag.Set(PropTags.Subject, subject);
        bag.Set(PropTags.SubjectPrefix, prefix);
        bag.Set(PropTags.NormalizedSubject, normalized);
        bag.Set(PropTags.ConversationTopic, normalized);
    }

    /// <summary>
    /// MS-OXCMSG 2.2.1.9: the prefix is one to three characters, none a digit or white space, followed by a colon and a
    /// space ("RE: ", "FW: ", "AW: "); PidTagNormalizedSubject is the rest.
    /// </summary>
    internal static (string Prefix, string Normalized) SplitSubject(string subject)
    {
        var colon = subject.IndexOf(':', StringComparison.Ordinal);
        if (colon is >= 1 and <= 3 && colon + 1 < subject.Length && subject[colon + 1] == ' ')
        {
            var ok = true;
            for (var i = 0; i < colon; i++)
            {
                if (char.IsDigit(subject[i]) || char.IsWhiteSpace(subject[i]) || char.IsPunctuation(subject[i]))
                    ok = false;
            }
            if (ok)
                return (subject[..(colon + 2)], subject[(colon + 2)..]);
        }
        return ("", subject);
    }

    private static void MapImportance(PropertyBag bag, HeaderList headers)
    {
        // MS-OXCMAIL 2.2.3.2.5: Importance first, then X-Priority, then X-MSMail-Priority; Priority maps to PidTagPriority.
        int? importance = null;
        if (headers[HeaderId.Importance] is { } imp)
        {
            importance = imp.Trim().ToUpperInvariant() switch
            {
                "HIGH" => 2,
                "LOW" => 0,
                "NORMAL" => 1,
                _ => null,
            };
        }
        if (importance is null && headers[HeaderId.XPriority] is { } xp)
        {
            var t = xp.Trim();
            if (t.Length > 0 && char.IsAsciiDigit(t[0]))
                importance = t[0] switch { '1' or '2' => 2, '4' or '5' => 0, _ => 1 };
        }
        if (importance is null && headers["X-MSMail-Priority"] is { } ms)
        {
            importance = ms.Trim().ToUpperInvariant() switch { "HIGH" => 2, "LOW" => 0, _ => (int?)null };
        }
        if (headers[HeaderId.Priority] is { } pri)
        {
            int? priority = pri.Trim().ToUpperInvariant() switch
            {
                "URGENT" => 1,
                "NON-URGENT" => -1,
                "NORMAL" => 0,
                _ => null,
            };
            if (priority is { } p)
            {
                bag.Set(PropTags.Priority, p);
                importance ??= p + 1;
            }
        }
        bag.Set(PropTags.Importance, importance ?? 1);
    }

    private static void MapSensitivity(PropertyBag bag, HeaderList headers)
    {
        // MS-OXCMAIL 2.2.3.2.6: Sensitivity: Personal = 1, Private = 2, Company-Confidential = 3.
        if (headers[HeaderId.Sensitivity] is not { } s)
            return;
        var value = s.Trim().ToUpperInvariant() switch
        {
            "PERSONAL" => 1,
            "PRIVATE" => 2,
            "COMPANY-CONFIDENTIAL" => 3,
            _ => 0,
        };
        bag.Set(PropTags.Sensitivity, value);
    }

    private static void MapRecipients(MimeMapContext ctx, MimeMessage message)
    {
        var bag = ctx.Properties;
        bag.Set(PropTags.DisplayTo, AddRecipients(ctx, message.To, RecipientType.To));
        bag.Set(PropTags.DisplayCc, AddRecipients(ctx, message.Cc, RecipientType.Cc));
        var bcc = AddRecipients(ctx, message.Bcc, RecipientType.Bcc);
        if (bcc.Length > 0)
            bag.Set(PropTags.DisplayBcc, bcc);
    }

    /// <summary>Adds recipient rows (group members flattened) and returns the display list ("; "-joined, MS-OXOMSG 2.2.1.7).</summary>
    private static string AddRecipients(MimeMapContext ctx, InternetAddressList list, RecipientType type)
    {
        var names = new List<string>();
        foreach (var mailbox in list.Mailboxes)
        {
            if (string.IsNullOrWhiteSpace(mailbox.Address))
                continue;
            var name = NameOf(mailbox);
            ctx.Recipients.Add(new Recipient(type, mailbox.Address, name));
            names.Add(name);
        }
        return string.Join("; ", names);
    }

    private static void MapKeywords(PropertyBag bag, HeaderList headers)
    {
        // RFC 5322 3.6.5: Keywords is a comma-separated phrase list; Exchange maps it to the categories (PidNameKeywords).
        var words = headers.Where(h => h.Id == HeaderId.Keywords)
            .SelectMany(h => (h.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(w => w.Trim('"'))
            .Where(w => w.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (words.Length > 0)
            bag.Set(NamedProps.Keywords, PropertyValue.MultipleUnicode(words));
    }

    private static string NameOf(MailboxAddress mailbox) =>
        string.IsNullOrWhiteSpace(mailbox.Name) ? mailbox.Address : mailbox.Name.Trim();

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (Exception)
        {
            // One unreadable header never costs the rest of the item.
        }
    }

}
