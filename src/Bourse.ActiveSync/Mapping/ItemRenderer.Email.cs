using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemRenderer
{
    private const string EmailNs = "Email";
    private const string Email2Ns = "Email2";
    private const string TasksNs = "Tasks";

    private static async ValueTask<WbxmlElement> RenderEmailAsync(Item item, ItemRenderOptions options,
        Func<CancellationToken, ValueTask<Stream?>> openMime, CancellationToken ct)
    {
        var bag = item.Properties;
        var version = options.Version;
        var messageClass = item.MessageClass;
        var app = NewApplicationData();

        AddText(app, EmailNs, "To", AddressList(item.Recipients, RecipientType.To));
        AddText(app, EmailNs, "Cc", AddressList(item.Recipients, RecipientType.Cc));
        AddText(app, EmailNs, "From", From(bag));
        AddText(app, EmailNs, "Subject", bag.GetString(PropTags.Subject) ?? "");
        AddText(app, EmailNs, "ReplyTo", ReplyTo(bag));
        if ((bag.GetDateTime(PropTags.MessageDeliveryTime) ?? bag.GetDateTime(PropTags.ClientSubmitTime)) is { } received)
        {
            AddText(app, EmailNs, "DateReceived", EasDateTime.FormatLong(received));
        }

        AddText(app, EmailNs, "DisplayTo", bag.GetString(PropTags.DisplayTo) ?? DisplayList(item.Recipients, RecipientType.To));
        AddText(app, EmailNs, "ThreadTopic", bag.GetString(PropTags.ConversationTopic) ?? bag.GetString(PropTags.NormalizedSubject) ?? bag.GetString(PropTags.Subject));
        // MS-ASEMAIL Importance: 0 low, 1 normal, 2 high — PidTagImportance's values (MS-OXCMSG 2.2.1.11).
        AddInt(app, EmailNs, "Importance", Math.Clamp(bag.GetInt32(PropTags.Importance) ?? 1, 0, 2));
        AddBool(app, EmailNs, "Read", item.IsRead);
        if (Attachments(item) is { } attachments)
        {
            app.Add(attachments);
        }

        app.Add(await BodyRenderer.RenderAsync(bag, messageClass, mimeAllowed: true, options, openMime, ct).ConfigureAwait(false));
        AddText(app, EmailNs, "MessageClass", messageClass);
        // MS-ASEMAIL InternetCPID: the code page of the original message; bodies we send are UTF-8 whatever it was.
        AddInt(app, EmailNs, "InternetCPID", bag.GetInt32(PropTags.InternetCodepage) ?? 65001);
        app.Add(Flag(bag));
        // MS-ASEMAIL ContentClass: urn:content-classes:message, or calendarmessage for meeting messages.
        AddText(app, EmailNs, "ContentClass", messageClass.StartsWith("IPM.Schedule.Meeting", StringComparison.OrdinalIgnoreCase)
            ? "urn:content-classes:calendarmessage"
            : "urn:content-classes:message");
        AddInt(app, "AirSyncBase", "NativeBodyType", NativeBodyType(bag));
        if (version >= EasProtocolVersion.V14_0)
        {
            // MS-ASEMAIL ConversationId / ConversationIndex (email2): protocol 14.0 and later, binary (OPAQUE).
            if (ConversationIds.ConversationId(bag) is { } conversationId)
            {
                app.Add(new WbxmlElement(Email2Ns, "ConversationId") { Opaque = conversationId });
            }

            if (bag.GetBinary(PropTags.ConversationIndex) is { Length: > 0 } index)
            {
                app.Add(new WbxmlElement(Email2Ns, "ConversationIndex") { Opaque = index });
            }

            AddLastVerb(app, bag);
            if (Sender(bag) is { } sender)
            {
                AddText(app, Email2Ns, "Sender", sender);
            }

            app.Add(Categories(bag, EmailNs, emptyWhenNone: true)!);
        }

        if (version >= EasProtocolVersion.V16_0)
        {
            // MS-ASEMAIL IsDraft and Bcc (email2): protocol 16.0 and later; Bcc is shown for drafts.
            var draft = ((MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0)).HasFlag(MessageFlags.Unsent);
            AddBool(app, Email2Ns, "IsDraft", draft);
            if (draft)
            {
                AddText(app, Email2Ns, "Bcc", AddressList(item.Recipients, RecipientType.Bcc));
            }
        }

        return app;
    }

    private static void AddEmailChangeFields(WbxmlElement app, Item item, ItemRenderOptions options)
    {
        AddBool(app, EmailNs, "Read", item.IsRead);
        app.Add(Flag(item.Properties));
        if (options.Version >= EasProtocolVersion.V14_0)
        {
            app.Add(Categories(item.Properties, EmailNs, emptyWhenNone: true)!);
        }
    }

    private static string? AddressList(IReadOnlyList<Recipient> recipients, RecipientType type)
    {
        List<string>? result = null;
        foreach (var r in recipients)
        {
            if (r.Type == type && r.Address.Length > 0)
            {
                (result ??= []).Add(EasAddresses.Format(r.Properties.GetString(PropTags.DisplayName), r.Address));
            }
        }

        return result is null ? null : string.Join(", ", result);
    }

    private static string? DisplayList(IReadOnlyList<Recipient> recipients, RecipientType type)
    {
        var names = recipients.Where(r => r.Type == type).Select(r => r.DisplayName).ToList();
        return names.Count == 0 ? null : string.Join("; ", names);
    }

    // MS-OXOMSG: PidTagSentRepresenting* is who the message is from; PidTagSender* who sent it.
    private static string? From(PropertyBag bag) =>
        Address(bag, PropTags.SentRepresentingName, PropTags.SentRepresentingSmtpAddress, PropTags.SentRepresentingEmailAddress)
        ?? Address(bag, PropTags.SenderName, PropTags.SenderSmtpAddress, PropTags.SenderEmailAddress);

    /// MS-ASEMAIL Sender (email2, 14.0+): only when it differs from From (someone sending on behalf of another).
    private static string? Sender(PropertyBag bag)
    {
        var sender = bag.GetString(PropTags.SenderSmtpAddress) ?? bag.GetString(PropTags.SenderEmailAddress);
        var from = bag.GetString(PropTags.SentRepresentingSmtpAddress) ?? bag.GetString(PropTags.SentRepresentingEmailAddress);
        return sender is not null && from is not null && !string.Equals(sender, from, StringComparison.OrdinalIgnoreCase)
            ? Address(bag, PropTags.SenderName, PropTags.SenderSmtpAddress, PropTags.SenderEmailAddress)
            : null;
    }

    private static string? Address(PropertyBag bag, PropertyTag name, PropertyTag smtp, PropertyTag email)
    {
        var address = bag.GetString(smtp) ?? bag.GetString(email);
        return string.IsNullOrEmpty(address) ? null : EasAddresses.Format(bag.GetString(name), address);
    }

    /// MS-ASEMAIL ReplyTo: addresses separated by semicolons. PidTagReplyRecipientNames has only names, so the
    /// addresses come from the Reply-To header kept in PidTagTransportMessageHeaders.
    private static string? ReplyTo(PropertyBag bag)
    {
        var names = bag.GetString(PropTags.ReplyRecipientNames);
        if (string.IsNullOrEmpty(names))
        {
            return null;
        }

        var parsed = EasAddresses.ParseList(HeaderValue(bag.GetString(PropTags.TransportMessageHeaders), "Reply-To"));
        return parsed.Count == 0 ? null : string.Join(";", parsed.Select(a => EasAddresses.Format(a.Name, a.Address)));
    }

    /// The unfolded value of the first header field named <paramref name="name"/> in a header block.
    internal static string? HeaderValue(string? headers, string name)
    {
        if (string.IsNullOrEmpty(headers))
        {
            return null;
        }

        var at = 0;
        while (at < headers.Length)
        {
            var end = headers.IndexOf('\n', at);
            var lineEnd = end < 0 ? headers.Length : end;
            if (lineEnd - at > name.Length && headers[at + name.Length] == ':'
                && string.Compare(headers, at, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                var value = new System.Text.StringBuilder(headers.AsSpan(at + name.Length + 1, lineEnd - at - name.Length - 1).Trim().ToString());
                // RFC 5322 2.2.3: continuation lines start with white space.
                while (end >= 0 && end + 1 < headers.Length && headers[end + 1] is ' ' or '\t')
                {
                    var next = headers.IndexOf('\n', end + 1);
                    var nextEnd = next < 0 ? headers.Length : next;
                    value.Append(' ').Append(headers.AsSpan(end + 1, nextEnd - end - 1).Trim());
                    end = next;
                }

                return value.ToString();
            }

            if (end < 0 || (lineEnd - at <= 1 && headers.AsSpan(at, lineEnd - at).Trim().IsEmpty))
            {
                break;
            }

            at = end + 1;
        }

        return null;
    }

    /// MS-ASAIRS 2.2.2.8: AirSyncBase:Attachments; each Attachment has DisplayName, FileReference, Method,
    /// EstimatedDataSize, ContentId, ContentLocation and IsInline in that order.
    private static WbxmlElement? Attachments(Item item)
    {
        if (item.Attachments.Count == 0)
        {
            return null;
        }

        var attachments = new WbxmlElement("AirSyncBase", "Attachments");
        foreach (var a in item.Attachments)
        {
            var p = a.Properties;
            var attachment = new WbxmlElement("AirSyncBase", "Attachment");
            AddText(attachment, "AirSyncBase", "DisplayName", p.GetString(PropTags.DisplayName) ?? a.FileName);
            AddText(attachment, "AirSyncBase", "FileReference", FileReferences.Format(item.Id, a.Number));
            AddInt(attachment, "AirSyncBase", "Method", AttachmentMethod(a));
            attachment.Add(new WbxmlElement("AirSyncBase", "EstimatedDataSize",
                Math.Max(a.Size, p.GetInt32(PropTags.AttachSize) ?? 0).ToString(CultureInfo.InvariantCulture)));
            AddText(attachment, "AirSyncBase", "ContentId", a.ContentId);
            AddText(attachment, "AirSyncBase", "ContentLocation", p.GetString(PropTags.AttachContentLocation));
            if (a.IsInline)
            {
                AddBool(attachment, "AirSyncBase", "IsInline", true);
            }

            attachments.Add(attachment);
        }

        return attachments;
    }

    /// MS-ASAIRS Method: Method 1 normal attachment, 5 embedded message, 6 OLE object.
    private static int AttachmentMethod(Attachment a) =>
        (AttachMethod)(a.Properties.GetInt32(PropTags.AttachMethod) ?? 1) switch
        {
            AttachMethod.EmbeddedMessage => 5,
            AttachMethod.Ole => 6,
            // MimeItemMapper keeps a message/rfc822 part as bytes (ByValue); to the device it is an embedded message.
            _ when string.Equals(a.ContentType, "message/rfc822", StringComparison.OrdinalIgnoreCase) => 5,
            _ => 1,
        };

    /// MS-ASAIRS NativeBodyType: NativeBodyType 1 plain, 2 HTML, 3 RTF, from PidTagNativeBody (1 plain, 2 RTF, 3 HTML).
    private static int NativeBodyType(PropertyBag bag) => bag.GetInt32(PropTags.NativeBody) switch
    {
        2 when bag.Contains(PropTags.RtfCompressed) => 3,
        3 when bag.Contains(PropTags.Html) => 2,
        1 => 1,
        _ => bag.Contains(PropTags.Body) || !bag.Contains(PropTags.Html) ? 1 : 2,
    };

    /// MS-ASEMAIL LastVerbExecuted (email2, 14.0+): 1 reply to sender, 2 reply to all, 3 forward, from PidTagLastVerbExecuted
    /// (MS-OXOMSG: 102, 103, 104).
    private static void AddLastVerb(WbxmlElement app, PropertyBag bag)
    {
        int? verb = bag.GetInt32(PropTags.LastVerbExecuted) switch
        {
            102 => 1,
            103 => 2,
            104 => 3,
            _ => null,
        };
        if (verb is null)
        {
            return;
        }

        AddInt(app, Email2Ns, "LastVerbExecuted", verb);
        if (bag.GetDateTime(PropTags.LastVerbExecutionTime) is { } when)
        {
            AddText(app, Email2Ns, "LastVerbExecutionTime", EasDateTime.FormatLong(when));
        }
    }

    /// MS-ASEMAIL 2.2.2.34: Flag — empty when the message is not flagged; otherwise Status and the follow-up fields in
    /// the schema's order (tasks:Subject, Status, FlagType, tasks:DateCompleted, CompleteTime, tasks:StartDate,
    /// tasks:DueDate, tasks:UtcStartDate, tasks:UtcDueDate, tasks:ReminderSet, tasks:ReminderTime, tasks:OrdinalDate,
    /// tasks:SubOrdinalDate). MS-OXOFLAG: the flag lives in PidTagFlagStatus and the PSETID_Common/Task dates.
    private static WbxmlElement Flag(PropertyBag bag)
    {
        var flag = new WbxmlElement(EmailNs, "Flag");
        var status = bag.GetInt32(PropTags.FlagStatus) ?? 0;
        if (status is not (1 or 2))
        {
            return flag;
        }

        AddText(flag, TasksNs, "Subject", bag.GetString(NamedProps.ToDoTitle));
        // The codec names token 0x3B of the Email page "FlagStatus"; MS-ASEMAIL 2.2.2.74 calls it Status (same token).
        AddInt(flag, EmailNs, "FlagStatus", status);
        AddText(flag, EmailNs, "FlagType", bag.GetString(NamedProps.FlagRequest));
        AddDate(flag, TasksNs, "DateCompleted", bag.GetDateTime(NamedProps.TaskDateCompleted));
        AddDate(flag, EmailNs, "CompleteTime", bag.GetDateTime(PropTags.FlagCompleteTime));
        AddDate(flag, TasksNs, "StartDate", bag.GetDateTime(NamedProps.TaskStartDate));
        AddDate(flag, TasksNs, "DueDate", bag.GetDateTime(NamedProps.TaskDueDate));
        AddDate(flag, TasksNs, "UtcStartDate", bag.GetDateTime(NamedProps.CommonStart));
        AddDate(flag, TasksNs, "UtcDueDate", bag.GetDateTime(NamedProps.CommonEnd));
        AddBool(flag, TasksNs, "ReminderSet", bag.GetBoolean(NamedProps.ReminderSet));
        AddDate(flag, TasksNs, "ReminderTime", bag.GetDateTime(NamedProps.ReminderTime));
        AddDate(flag, TasksNs, "OrdinalDate", bag.GetDateTime(NamedProps.ToDoOrdinalDate));
        AddText(flag, TasksNs, "SubOrdinalDate", bag.GetString(NamedProps.ToDoSubOrdinal));
        return flag;
    }

    private static void AddDate(WbxmlElement parent, string ns, string name, DateTime? value)
    {
        if (value is { } v)
        {
            parent.Add(new WbxmlElement(ns, name, EasDateTime.FormatLong(v)));
        }
    }

    private static void AddCompactDate(WbxmlElement parent, string ns, string name, DateTime? value)
    {
        if (value is { } v)
        {
            parent.Add(new WbxmlElement(ns, name, EasDateTime.FormatCompact(v)));
        }
    }
}
