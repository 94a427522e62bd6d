using Bourse.ActiveSync.Codec;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemParser
{
    /// MS-ASTASK 2.2.2: a task. Tasks have no Supported list, so a Change deletes what it leaves out.
    private static bool ParseTask(ParseContext ctx, WbxmlElement app, ParsedItem parsed)
    {
        var changes = parsed.Changes;
        foreach (var child in app.Children)
        {
            if (!TryTableField(ctx, child, TaskFields.All, parsed, out var matched))
            {
                return false;
            }

            if (matched)
            {
                continue;
            }

            var ok = (child.Namespace, child.Name) switch
            {
                ("Tasks", "Categories") => Mark(parsed, child) && ParseCategories(ctx, child, "Tasks", changes),
                ("Tasks", "Recurrence") => Mark(parsed, child) && RecurrenceMapping.TryParse(ctx, child, task: true, changes),
                ("AirSyncBase", "Body") => Mark(parsed, child) && BodyParser.TryParse(ctx, child, changes),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (parsed.IsChange)
        {
            RemoveAbsent(ctx, TaskFields.All, parsed, SupportedElements.None);
            if (!parsed.IsPresent("Tasks", "Categories"))
            {
                changes.Without(NamedProps.Keywords);
            }

            if (!parsed.IsPresent("Tasks", "Recurrence"))
            {
                RecurrenceMapping.Remove(changes, task: true);
            }

            if (!parsed.IsPresent("AirSyncBase", "Body"))
            {
                BodyParser.Remove(changes);
            }
        }

        // MS-OXOTASK: PidLidTaskStatus and PidLidPercentComplete follow PidLidTaskComplete.
        var complete = changes.Set.GetBoolean(NamedProps.TaskComplete) ?? false;
        changes.With(NamedProps.TaskComplete, PropertyValue.Boolean(complete));
        changes.With(NamedProps.TaskStatus, PropertyValue.Long(complete ? 2 : 0));
        changes.With(NamedProps.PercentComplete, PropertyValue.Double(complete ? 1.0 : 0.0));
        if (!parsed.IsChange && !changes.Set.Contains(PropTags.Importance))
        {
            changes.With(PropTags.Importance, PropertyValue.Long(1));
        }

        return true;
    }

    /// MS-ASNOTE 2.2.2: a note (protocol 14.0 and later). A Change deletes the subject, body and categories it leaves
    /// out; the message class and modification time are kept.
    private static bool ParseNote(ParseContext ctx, WbxmlElement app, ParsedItem parsed)
    {
        var changes = parsed.Changes;
        foreach (var child in app.Children)
        {
            var ok = (child.Namespace, child.Name) switch
            {
                ("Notes", "Subject") => TryTableField(ctx, child, NoteFields.Deletable, parsed, out _),
                ("Notes", "MessageClass") => ParseNoteClass(ctx, child, changes),
                ("Notes", "LastModifiedDate") => TryTableField(ctx, child, [NoteFields.LastModifiedDate], parsed, out _),
                ("Notes", "Categories") => Mark(parsed, child) && ParseCategories(ctx, child, "Notes", changes),
                ("AirSyncBase", "Body") => Mark(parsed, child) && BodyParser.TryParse(ctx, child, changes),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (parsed.IsChange)
        {
            RemoveAbsent(ctx, NoteFields.Deletable, parsed, SupportedElements.None);
            if (!parsed.IsPresent("Notes", "Categories"))
            {
                changes.Without(NamedProps.Keywords);
            }

            if (!parsed.IsPresent("AirSyncBase", "Body"))
            {
                BodyParser.Remove(changes);
            }
        }

        return true;
    }

    /// MS-OXONOTE: a note's message class is IPM.StickyNote or a class derived from it.
    private static bool ParseNoteClass(ParseContext ctx, WbxmlElement element, PropertyChanges changes)
    {
        if (!ctx.TryText(element, out var messageClass, 255))
        {
            return false;
        }

        messageClass = messageClass.Trim();
        if (messageClass.Length == 0)
        {
            return true;
        }

        if (EasClasses.FromMessageClass(messageClass) != EasClass.Notes)
        {
            return ctx.Fail(ItemParseError.InvalidValue, element);
        }

        changes.With(PropTags.MessageClass, PropertyValue.Unicode(messageClass));
        return true;
    }
}
