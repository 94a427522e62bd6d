using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// Calendar and task Recurrence (MS-ASCAL 2.2.2.37, MS-ASTASK Recurrence) ⇄ the pattern properties of NamedProps.
/// Children are written in each class's schema order.
internal static class RecurrenceMapping
{
    private const EasProtocolVersion V14_0 = EasProtocolVersion.V14_0;
    private const EasProtocolVersion V14_1 = EasProtocolVersion.V14_1;

    internal static readonly EasField[] Calendar =
    [
        // MS-ASCAL Recurrence Type: 0 daily, 1 weekly, 2 monthly, 3 monthly on the nth day, 5 yearly, 6 yearly on the nth day.
        new("Calendar", "Type", NamedProps.RecurrencePatternType, EasFieldType.Integer) { Min = 0, Max = 6 },
        new("Calendar", "Occurrences", NamedProps.RecurrenceOccurrences, EasFieldType.Integer) { Min = 1, Max = 999 },
        new("Calendar", "Interval", NamedProps.RecurrenceInterval, EasFieldType.Integer) { Min = 1, Max = 999 },
        new("Calendar", "WeekOfMonth", NamedProps.RecurrenceWeekOfMonth, EasFieldType.Integer) { Min = 1, Max = 5 },
        new("Calendar", "DayOfWeek", NamedProps.RecurrenceDayOfWeek, EasFieldType.Integer) { Min = 1, Max = 127 },
        new("Calendar", "MonthOfYear", NamedProps.RecurrenceMonthOfYear, EasFieldType.Integer) { Min = 1, Max = 12 },
        new("Calendar", "Until", NamedProps.RecurrenceUntil, EasFieldType.CompactDate),
        new("Calendar", "DayOfMonth", NamedProps.RecurrenceDayOfMonth, EasFieldType.Integer) { Min = 1, Max = 31 },
        new("Calendar", "CalendarType", NamedProps.RecurrenceCalendarType, EasFieldType.Integer) { Min = 0, Max = 23, Since = V14_0 },
        new("Calendar", "IsLeapMonth", NamedProps.RecurrenceIsLeapMonth, EasFieldType.Boolean) { Since = V14_0 },
        // MS-ASCAL 2.2.2.24: FirstDayOfWeek is protocol 14.1 and later.
        new("Calendar", "FirstDayOfWeek", NamedProps.RecurrenceFirstDayOfWeek, EasFieldType.Integer) { Min = 0, Max = 6, Since = V14_1 },
    ];

    internal static readonly EasField[] Task =
    [
        new("Tasks", "Type", NamedProps.RecurrencePatternType, EasFieldType.Integer) { Min = 0, Max = 6 },
        new("Tasks", "Start", NamedProps.RecurrenceStart, EasFieldType.Date),
        new("Tasks", "Until", NamedProps.RecurrenceUntil, EasFieldType.Date),
        new("Tasks", "Occurrences", NamedProps.RecurrenceOccurrences, EasFieldType.Integer) { Min = 1, Max = 999 },
        new("Tasks", "Interval", NamedProps.RecurrenceInterval, EasFieldType.Integer) { Min = 1, Max = 999 },
        new("Tasks", "DayOfWeek", NamedProps.RecurrenceDayOfWeek, EasFieldType.Integer) { Min = 1, Max = 127 },
        new("Tasks", "DayOfMonth", NamedProps.RecurrenceDayOfMonth, EasFieldType.Integer) { Min = 1, Max = 31 },
        new("Tasks", "WeekOfMonth", NamedProps.RecurrenceWeekOfMonth, EasFieldType.Integer) { Min = 1, Max = 5 },
        new("Tasks", "MonthOfYear", NamedProps.RecurrenceMonthOfYear, EasFieldType.Integer) { Min = 1, Max = 12 },
        new("Tasks", "Regenerate", NamedProps.RecurrenceRegenerate, EasFieldType.Boolean),
        new("Tasks", "DeadOccur", NamedProps.TaskDeadOccurrence, EasFieldType.Boolean),
        new("Tasks", "CalendarType", NamedProps.RecurrenceCalendarType, EasFieldType.Integer) { Min = 0, Max = 23, Since = V14_0 },
        new("Tasks", "IsLeapMonth", NamedProps.RecurrenceIsLeapMonth, EasFieldType.Boolean) { Since = V14_0 },
        new("Tasks", "FirstDayOfWeek", NamedProps.RecurrenceFirstDayOfWeek, EasFieldType.Integer) { Min = 0, Max = 6, Since = V14_1 },
    ];

    internal static WbxmlElement? Render(PropertyBag bag, bool task, EasProtocolVersion version)
    {
        if (bag.GetInt32(NamedProps.RecurrencePatternType) is null)
        {
            return null;
        }

        var recurrence = new WbxmlElement(task ? "Tasks" : "Calendar", "Recurrence");
        foreach (var field in task ? Task : Calendar)
        {
            if (field.AppliesTo(version) && field.Render(bag) is { } element)
            {
                recurrence.Add(element);
            }
        }

        return recurrence;
    }

    internal static bool TryParse(ParseContext ctx, WbxmlElement recurrence, bool task, PropertyChanges changes)
    {
        if (recurrence.Text is { Length: > 0 } || recurrence.Opaque is not null)
        {
            return ctx.Fail(ItemParseError.InvalidValue, recurrence);
        }

        var table = task ? Task : Calendar;
        foreach (var field in table)
        {
            changes.Without(field.Key);
        }

        int? type = null;
        foreach (var child in recurrence.Children)
        {
            foreach (var field in table)
            {
                if (!field.Is(child) || !field.AppliesTo(ctx.Version))
                {
                    continue;
                }

                if (!field.TryParse(ctx, child, out var value))
                {
                    return false;
                }

                changes.With(field.Key, value);
                if (field.Name == "Type")
                {
                    type = value.AsLong();
                }
            }
        }

        if (type is null)
        {
            return ctx.Fail(ItemParseError.MissingRequired, recurrence);
        }

        if (type == 4)
        {
            return ctx.Fail(ItemParseError.InvalidValue, recurrence);
        }

        if (task)
        {
            changes.With(NamedProps.TaskRecurring, PropertyValue.Boolean(true));
        }
        else
        {
            changes.With(NamedProps.Recurring, PropertyValue.Boolean(true));
            // MS-OXOCAL PidLidRecurrenceType: 1 daily, 2 weekly, 3 monthly, 4 yearly.
            changes.With(NamedProps.RecurrenceType, PropertyValue.Long(type switch { 0 => 1, 1 => 2, 2 or 3 => 3, _ => 4 }));
        }

        return true;
    }

    /// Removes the pattern; an item that is no longer recurring also loses its exceptions.
    internal static void Remove(PropertyChanges changes, bool task)
    {
        foreach (var field in task ? Task : Calendar)
        {
            changes.Without(field.Key);
        }

        if (task)
        {
            changes.With(NamedProps.TaskRecurring, PropertyValue.Boolean(false));
        }
        else
        {
            changes.With(NamedProps.Recurring, PropertyValue.Boolean(false));
            changes.Without(NamedProps.RecurrenceType);
            changes.Without(NamedProps.RecurrenceExceptions);
        }
    }
}
