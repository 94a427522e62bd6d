using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// Converts a device's ApplicationData into a new item (Sync Add) or into changes (Sync Change). Never throws for
/// device input: a conversion problem is an ItemParseResult failure, answered with Status 6 for that item only.
internal static partial class ItemParser
{
    /// An Add: the new item's properties, recipients and attachments. Email Add exists only for 16.0+ drafts.
    internal static ItemParseResult<NewItem> ParseAdd(WbxmlElement applicationData, EasClass cls, EasProtocolVersion version,
        ItemParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(applicationData);
        var ctx = new ParseContext(version, limits ?? ItemParseLimits.Default);
        try
        {
            var parsed = new ParsedItem(isChange: false);
            if (!Parse(ctx, applicationData, cls, parsed, SupportedElements.None))
            {
                return ItemParseResult<NewItem>.Failure(ctx.Error, ctx.ErrorElement);
            }

            var bag = new PropertyBag(parsed.Changes.Set);
            var item = new NewItem(bag) { SearchText = bag.GetString(PropTags.Body) };
            if (parsed.Recipients is { } recipients)
            {
                item.Recipients.AddRange(recipients);
            }

            foreach (var (_, attachment) in parsed.AddedAttachments)
            {
                item.Attachments.Add(attachment);
            }

            Complete(cls, bag, item);
            return ItemParseResult<NewItem>.Success(item, parsed.AddedAttachments.ConvertAll(a => a.ClientId));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Device input never reaches here by design; a bug must cost one item, not the whole Sync.
            return ItemParseResult<NewItem>.Failure(ItemParseError.ConversionFailed, ctx.ErrorElement);
        }
    }

    /// A Change: for Email an absent element is unchanged; for the other classes an absent element is deleted unless
    /// it is ghosted by the collection's Supported list (MS-ASCMD 2.2.3.179; Contacts and Calendar only).
    internal static ItemParseResult<EasItemChange> ParseChange(WbxmlElement applicationData, EasClass cls, EasProtocolVersion version,
        SupportedElements? supported = null, ItemParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(applicationData);
        var ctx = new ParseContext(version, limits ?? ItemParseLimits.Default);
        try
        {
            var parsed = new ParsedItem(isChange: true);
            // MS-ASCMD 2.2.3.179: Supported applies to the Contacts and Calendar classes only.
            var ghosting = cls is EasClass.Contacts or EasClass.Calendar ? supported ?? SupportedElements.None : SupportedElements.None;
            if (!Parse(ctx, applicationData, cls, parsed, ghosting))
            {
                return ItemParseResult<EasItemChange>.Failure(ctx.Error, ctx.ErrorElement);
            }

            var change = new EasItemChange
            {
                Read = parsed.Read,
                Recipients = parsed.Recipients,
                ReplacedRecipientTypes = parsed.Recipients is null ? [] : [.. parsed.ReplacedRecipientTypes],
                ChangesDraftContent = parsed.ChangesDraftContent,
            };
            foreach (var (k, v) in parsed.Changes.Set)
            {
                change.Properties.With(k, v);
            }

            foreach (var k in parsed.Changes.Remove)
            {
                change.Properties.Without(k);
            }

            change.AddedAttachments.AddRange(parsed.AddedAttachments);
            change.DeletedAttachments.AddRange(parsed.DeletedAttachments);
            return ItemParseResult<EasItemChange>.Success(change);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ItemParseResult<EasItemChange>.Failure(ItemParseError.ConversionFailed, ctx.ErrorElement);
        }
    }

    private static bool Parse(ParseContext ctx, WbxmlElement app, EasClass cls, ParsedItem parsed, SupportedElements supported)
    {
        if (app.Text is { Length: > 0 } || app.Opaque is not null)
        {
            return ctx.Fail(ItemParseError.InvalidValue, app);
        }

        return cls switch
        {
            EasClass.Email => ParseEmail(ctx, app, parsed),
            EasClass.Contacts => ParseContact(ctx, app, parsed, supported),
            EasClass.Calendar => ParseCalendar(ctx, app, parsed, supported),
            EasClass.Tasks => ParseTask(ctx, app, parsed),
            EasClass.Notes => ParseNote(ctx, app, parsed),
            _ => ctx.Fail(ItemParseError.NotSupported, app),
        };
    }

    /// Properties every new item of the class has whether the device sent them or not.
    private static void Complete(EasClass cls, PropertyBag bag, NewItem item)
    {
        if (!bag.Contains(PropTags.MessageClass))
        {
            bag.Set(PropTags.MessageClass, EasClasses.DefaultMessageClass(cls));
        }

        var hasAttachments = item.Attachments.Exists(a => a.Properties.GetBoolean(PropTags.AttachmentHidden) != true);
        bag.Set(PropTags.HasAttachments, hasAttachments);
        var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? (int)MessageFlags.Read);
        flags = hasAttachments ? flags | MessageFlags.HasAttachments : flags & ~MessageFlags.HasAttachments;
        bag.Set(PropTags.MessageFlags, (int)flags);
        if (bag.GetString(PropTags.Subject) is { } subject)
        {
            SetSubject(bag, subject);
        }
    }

    /// MS-OXCMSG 2.2.1.9: a prefix of one to three non-digit, non-space characters followed by ": " is
    /// PidTagSubjectPrefix; the rest is PidTagNormalizedSubject (and the conversation topic).
    internal static void SetSubject(PropertyBag bag, string subject)
    {
        var prefix = "";
        var colon = subject.IndexOf(':', StringComparison.Ordinal);
        if (colon is >= 1 and <= 3 && colon + 1 < subject.Length && subject[colon + 1] == ' ')
        {
            var ok = true;
            for (var i = 0; i < colon; i++)
            {
                ok &= !char.IsDigit(subject[i]) && !char.IsWhiteSpace(subject[i]) && !char.IsPunctuation(subject[i]);
            }

            if (ok)
            {
                prefix = subject[..(colon + 2)];
            }
        }

        bag.Set(PropTags.Subject, subject);
        bag.Set(PropTags.SubjectPrefix, prefix);
        bag.Set(PropTags.NormalizedSubject, subject[prefix.Length..]);
        if (!bag.Contains(PropTags.ConversationTopic))
        {
            bag.Set(PropTags.ConversationTopic, subject[prefix.Length..]);
        }
    }

    private static bool ParseCategories(ParseContext ctx, WbxmlElement element, string ns, PropertyChanges changes)
    {
        if (!ctx.TryList(element, ns, "Category", ctx.Limits.MaxCategoryChars, out var values))
        {
            return false;
        }

        if (values.Length == 0)
        {
            changes.Without(NamedProps.Keywords);
        }
        else
        {
            changes.With(NamedProps.Keywords, PropertyValue.MultipleUnicode(values));
        }

        return true;
    }

    /// Sets the simple fields of a table that the element matches; false if it matched none (or failed).
    private static bool TryTableField(ParseContext ctx, WbxmlElement element, IReadOnlyList<EasField> table, ParsedItem parsed,
        out bool matched)
    {
        matched = false;
        foreach (var field in table)
        {
            if (!field.Is(element) || !field.AppliesTo(ctx.Version))
            {
                continue;
            }

            matched = true;
            parsed.MarkPresent(element);
            if (!field.TryParse(ctx, element, out var value))
            {
                return false;
            }

            if (value.Value is string { Length: 0 })
            {
                parsed.Changes.Without(field.Key);
            }
            else
            {
                parsed.Changes.With(field.Key, value);
            }

            return true;
        }

        return true;
    }

    /// For a Change of a non-Email class: every table field the device did not send, and that is not ghosted, is deleted.
    private static void RemoveAbsent(ParseContext ctx, IReadOnlyList<EasField> table, ParsedItem parsed, SupportedElements supported)
    {
        if (!parsed.IsChange)
        {
            return;
        }

        foreach (var field in table)
        {
            if (field.AppliesTo(ctx.Version) && parsed.IsAbsent(field.Namespace, field.Name, supported))
            {
                parsed.Changes.Without(field.Key);
            }
        }
    }

    /// What one ApplicationData converts to, before it becomes a NewItem or an EasItemChange.
    private sealed class ParsedItem(bool isChange)
    {
        private readonly HashSet<string> _present = new(StringComparer.Ordinal);

        internal bool IsChange { get; } = isChange;

        internal PropertyChanges Changes { get; } = new();

        internal bool? Read { get; set; }

        internal List<Recipient>? Recipients { get; set; }

        internal HashSet<RecipientType> ReplacedRecipientTypes { get; } = [];

        internal List<(string? ClientId, NewAttachment Attachment)> AddedAttachments { get; } = [];

        internal List<int> DeletedAttachments { get; } = [];

        internal bool ChangesDraftContent { get; set; }

        internal void MarkPresent(WbxmlElement element) => _present.Add(element.Namespace + ":" + element.Name);

        internal bool IsPresent(string ns, string name) => _present.Contains(ns + ":" + name);

        /// In a Change: the element was not sent and is not ghosted, so its value is deleted.
        internal bool IsAbsent(string ns, string name, SupportedElements supported) =>
            IsChange && !IsPresent(ns, name) && !supported.IsGhosted(ns, name);
    }
}
