using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemParser
{
    private static readonly PropertyKey[] FlagKeys =
    [
        PropTags.FlagStatus, PropTags.FlagCompleteTime, NamedProps.FlagRequest, NamedProps.TaskStartDate, NamedProps.TaskDueDate,
        NamedProps.CommonStart, NamedProps.CommonEnd, NamedProps.TaskDateCompleted, NamedProps.ReminderSet, NamedProps.ReminderTime,
        NamedProps.ToDoTitle, NamedProps.ToDoOrdinalDate, NamedProps.ToDoSubOrdinal, NamedProps.TaskStatus,
        NamedProps.PercentComplete, NamedProps.TaskComplete,
    ];

    /// Mail: a Change carries Read, Flag and Categories (absent = unchanged); from 16.0 a draft can also be added and
    /// its To, Cc, Bcc, Subject, Importance, Body and attachments changed (MS-ASEMAIL IsDraft; MS-ASCMD 2.2.3.24).
    private static bool ParseEmail(ParseContext ctx, WbxmlElement app, ParsedItem parsed)
    {
        var drafts = ctx.Version >= EasProtocolVersion.V16_0;
        if (!parsed.IsChange && !drafts)
        {
            // Before 16.0 a device cannot add mail through Sync; it sends it with SendMail.
            return ctx.Fail(ItemParseError.NotSupported, app);
        }

        var changes = parsed.Changes;
        foreach (var child in app.Children)
        {
            var ok = (child.Namespace, child.Name) switch
            {
                ("Email", "Read") => ParseRead(ctx, child, parsed),
                ("Email", "Flag") => ParseFlag(ctx, child, changes),
                ("Email", "Categories") when ctx.Version >= EasProtocolVersion.V14_0 => ParseCategories(ctx, child, "Email", changes),
                ("Email", "To") when drafts => ParseDraftRecipients(ctx, child, RecipientType.To, PropTags.DisplayTo, parsed),
                ("Email", "Cc") when drafts => ParseDraftRecipients(ctx, child, RecipientType.Cc, PropTags.DisplayCc, parsed),
                ("Email2", "Bcc") when drafts => ParseDraftRecipients(ctx, child, RecipientType.Bcc, PropTags.DisplayBcc, parsed),
                ("Email", "Subject") when drafts => ParseDraftSubject(ctx, child, parsed),
                ("Email", "Importance") when drafts => ParseDraftImportance(ctx, child, parsed),
                ("AirSyncBase", "Body") when drafts => MarkDraft(parsed) && BodyParser.TryParse(ctx, child, changes),
                ("AirSyncBase", "Attachments") when drafts => MarkDraft(parsed) && ParseAttachments(ctx, child, parsed),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (!parsed.IsChange)
        {
            // A draft: unsent, read unless the device says otherwise (MS-OXCMSG 2.2.1.6 mfUnsent, mfRead).
            var flags = MessageFlags.Unsent | (parsed.Read == false ? 0 : MessageFlags.Read);
            changes.With(PropTags.MessageFlags, PropertyValue.Long((int)flags));
            changes.With(PropTags.MessageClass, PropertyValue.Unicode("IPM.Note"));
            if (!changes.Set.Contains(PropTags.Importance))
            {
                changes.With(PropTags.Importance, PropertyValue.Long(1));
            }
        }

        return true;
    }

    private static bool MarkDraft(ParsedItem parsed)
    {
        parsed.ChangesDraftContent = true;
        return true;
    }

    private static bool ParseRead(ParseContext ctx, WbxmlElement element, ParsedItem parsed)
    {
        if (!ctx.TryBool(element, out var read))
        {
            return false;
        }

        parsed.Read = read;
        return true;
    }

    /// MS-ASEMAIL 2.2.2.34: an empty Flag clears the flag; otherwise the Flag replaces the whole follow-up state.
    /// MS-OXOFLAG: PidTagFlagStatus 1 complete, 2 flagged, with the task state kept in step.
    private static bool ParseFlag(ParseContext ctx, WbxmlElement flag, PropertyChanges changes)
    {
        if (flag.Text is { Length: > 0 } || flag.Opaque is not null)
        {
            return ctx.Fail(ItemParseError.InvalidValue, flag);
        }

        var set = new PropertyBag();
        int? status = null;
        foreach (var child in flag.Children)
        {
            PropertyKey? dateKey = (child.Namespace, child.Name) switch
            {
                ("Tasks", "DateCompleted") => NamedProps.TaskDateCompleted,
                ("Email", "CompleteTime") => PropTags.FlagCompleteTime,
                ("Tasks", "StartDate") => NamedProps.TaskStartDate,
                ("Tasks", "DueDate") => NamedProps.TaskDueDate,
                ("Tasks", "UtcStartDate") => NamedProps.CommonStart,
                ("Tasks", "UtcDueDate") => NamedProps.CommonEnd,
                ("Tasks", "ReminderTime") => NamedProps.ReminderTime,
                ("Tasks", "OrdinalDate") => NamedProps.ToDoOrdinalDate,
                _ => null,
            };
            if (dateKey is { } dk)
            {
                if (!ctx.TryDate(child, out var d))
                {
                    return false;
                }

                set.Set(dk, PropertyValue.SysTime(d));
                continue;
            }

            PropertyKey? textKey = (child.Namespace, child.Name) switch
            {
                ("Tasks", "Subject") => NamedProps.ToDoTitle,
                ("Email", "FlagType") => NamedProps.FlagRequest,
                ("Tasks", "SubOrdinalDate") => NamedProps.ToDoSubOrdinal,
                _ => null,
            };
            if (textKey is { } tk)
            {
                if (!ctx.TryText(child, out var text))
                {
                    return false;
                }

                set.Set(tk, PropertyValue.Unicode(text));
                continue;
            }

            switch (child.Namespace, child.Name)
            {
                // The codec's name for MS-ASEMAIL 2.2.2.74 Status (token 0x3B): 0 cleared, 1 complete, 2 active.
                case ("Email", "FlagStatus"):
                    if (!ctx.TryInt(child, 0, 2, out var s))
                    {
                        return false;
                    }

                    status = s;
                    break;
                case ("Tasks", "ReminderSet"):
                    if (!ctx.TryBool(child, out var r))
                    {
                        return false;
                    }

                    set.Set(NamedProps.ReminderSet, PropertyValue.Boolean(r));
                    break;
            }
        }

        foreach (var key in FlagKeys)
        {
            changes.Without(key);
        }

        // A Flag with content but no Status is a flag being set.
        status ??= flag.Children.Count == 0 ? 0 : 2;
        if (status == 0)
        {
            return true;
        }

        foreach (var (k, v) in set)
        {
            changes.With(k, v);
        }

        var complete = status == 1;
        changes.With(PropTags.FlagStatus, PropertyValue.Long(status.Value));
        // MS-OXOTASK PidLidTaskStatus 2 complete or 0 not started, PidLidPercentComplete 1.0 or 0.0, PidLidTaskComplete.
        changes.With(NamedProps.TaskStatus, PropertyValue.Long(complete ? 2 : 0));
        changes.With(NamedProps.PercentComplete, PropertyValue.Double(complete ? 1.0 : 0.0));
        changes.With(NamedProps.TaskComplete, PropertyValue.Boolean(complete));
        return true;
    }

    private static bool ParseDraftRecipients(ParseContext ctx, WbxmlElement element, RecipientType type, PropertyTag display, ParsedItem parsed)
    {
        parsed.ChangesDraftContent = true;
        if (!ctx.TryText(element, out var text))
        {
            return false;
        }

        var addresses = EasAddresses.ParseList(text);
        if (addresses.Count == 0 && text.Trim().Length > 0)
        {
            return ctx.Fail(ItemParseError.InvalidValue, element);
        }

        parsed.Recipients ??= [];
        parsed.Recipients.RemoveAll(r => r.Type == type);
        parsed.ReplacedRecipientTypes.Add(type);
        foreach (var (name, address) in addresses)
        {
            parsed.Recipients.Add(new Recipient(type, address, name));
        }

        var names = string.Join("; ", addresses.Select(a => a.Name ?? a.Address));
        parsed.Changes.With(display, PropertyValue.Unicode(names));
        return true;
    }

    private static bool ParseDraftSubject(ParseContext ctx, WbxmlElement element, ParsedItem parsed)
    {
        parsed.ChangesDraftContent = true;
        if (!ctx.TryText(element, out var subject))
        {
            return false;
        }

        var bag = new PropertyBag();
        SetSubject(bag, subject);
        bag.Set(PropTags.ConversationTopic, bag.GetString(PropTags.NormalizedSubject)!);
        foreach (var (k, v) in bag)
        {
            parsed.Changes.With(k, v);
        }

        return true;
    }

    private static bool ParseDraftImportance(ParseContext ctx, WbxmlElement element, ParsedItem parsed)
    {
        parsed.ChangesDraftContent = true;
        if (!ctx.TryInt(element, 0, 2, out var importance))
        {
            return false;
        }

        parsed.Changes.With(PropTags.Importance, PropertyValue.Long(importance));
        return true;
    }

    /// MS-ASAIRS 2.2.2.8: in a request, Attachments holds Add (ClientId, DisplayName, Method, ContentType, Content,
    /// ContentId, ContentLocation, IsInline) and Delete (FileReference) elements (16.0 and later).
    private static bool ParseAttachments(ParseContext ctx, WbxmlElement attachments, ParsedItem parsed)
    {
        foreach (var child in attachments.Children)
        {
            if (child.Namespace != "AirSyncBase")
            {
                continue;
            }

            if (child.Name == "Add")
            {
                if (parsed.AddedAttachments.Count >= ctx.Limits.MaxAttachments)
                {
                    return ctx.Fail(ItemParseError.TooLarge, attachments);
                }

                if (!ParseAttachmentAdd(ctx, child, out var clientId, out var attachment))
                {
                    return false;
                }

                parsed.AddedAttachments.Add((clientId, attachment));
            }
            else if (child.Name == "Delete" && parsed.IsChange)
            {
                if (child.Element("AirSyncBase", "FileReference") is not { } reference)
                {
                    return ctx.Fail(ItemParseError.MissingRequired, child);
                }

                if (!ctx.TryText(reference, out var text, 64) || !FileReferences.TryParse(text, out _, out var number))
                {
                    return ctx.Fail(ItemParseError.InvalidValue, reference);
                }

                parsed.DeletedAttachments.Add(number);
            }
        }

        return true;
    }

    private static bool ParseAttachmentAdd(ParseContext ctx, WbxmlElement add, out string? clientId, out NewAttachment attachment)
    {
        clientId = null;
        attachment = null!;
        string? name = null, contentType = null, contentId = null, contentLocation = null;
        var inline = false;
        var method = 1;
        byte[]? content = null;
        foreach (var child in add.Children)
        {
            if (child.Namespace != "AirSyncBase")
            {
                continue;
            }

            var ok = child.Name switch
            {
                "ClientId" => ctx.TryText(child, out var c, 64) && Assign(out clientId, c),
                "DisplayName" => ctx.TryText(child, out var n, 255) && Assign(out name, n),
                "ContentType" => ctx.TryText(child, out var t, 255) && Assign(out contentType, t),
                "ContentId" => ctx.TryText(child, out var i, 1024) && Assign(out contentId, i),
                "ContentLocation" => ctx.TryText(child, out var l, 2048) && Assign(out contentLocation, l),
                "IsInline" => ctx.TryBool(child, out inline),
                // MS-ASAIRS Method: 1 normal attachment, 5 embedded message, 6 OLE.
                "Method" => ctx.TryInt(child, 1, 6, out method),
                "Content" => ctx.TryBinary(child, ctx.Limits.MaxAttachmentBytes, out var bytes) && Assign(out content, bytes),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (content is null)
        {
            return ctx.Fail(ItemParseError.MissingRequired, add);
        }

        name = string.IsNullOrWhiteSpace(name) ? "attachment" : name.Trim();
        var props = new PropertyBag()
            .Set(PropTags.AttachMethod, method == 5 ? (int)AttachMethod.EmbeddedMessage : (int)AttachMethod.ByValue)
            .Set(PropTags.AttachLongFilename, name)
            .Set(PropTags.AttachFilename, name)
            .Set(PropTags.DisplayName, name)
            .Set(PropTags.AttachMimeTag, string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType.Trim())
            .Set(PropTags.AttachSize, content.Length)
            .Set(PropTags.AttachmentHidden, inline)
            .Set(PropTags.RenderingPosition, -1);
        if (Path.GetExtension(name) is { Length: > 0 } ext)
        {
            props.Set(PropTags.AttachExtension, ext);
        }

        if (!string.IsNullOrWhiteSpace(contentId))
        {
            props.Set(PropTags.AttachContentId, contentId.Trim().Trim('<', '>'));
        }

        if (!string.IsNullOrWhiteSpace(contentLocation))
        {
            props.Set(PropTags.AttachContentLocation, contentLocation.Trim());
        }

        attachment = new NewAttachment(props, content);
        return true;
    }

    private static bool Assign<T>(out T target, T value)
    {
        target = value;
        return true;
    }
}
