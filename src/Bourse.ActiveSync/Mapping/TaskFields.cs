using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// The simple Tasks elements (MS-ASTASK 2.2.2) and their properties (MS-OXOTASK 2.2.2), in render order. StartDate and
/// DueDate are the local dates (PidLidTaskStartDate/DueDate), UtcStartDate and UtcDueDate the UTC ones
/// (PidLidCommonStart/End); all are MS-ASDTYPE dateTime.
internal static class TaskFields
{
    private const string Ns = "Tasks";

    internal static readonly EasField Complete = new(Ns, "Complete", NamedProps.TaskComplete, EasFieldType.Boolean);

    internal static readonly EasField[] All =
    [
        new(Ns, "Subject", PropTags.Subject, EasFieldType.Text),
        new(Ns, "Importance", PropTags.Importance, EasFieldType.Integer) { Min = 0, Max = 2 },
        new(Ns, "UtcStartDate", NamedProps.CommonStart, EasFieldType.Date),
        new(Ns, "StartDate", NamedProps.TaskStartDate, EasFieldType.Date),
        new(Ns, "UtcDueDate", NamedProps.CommonEnd, EasFieldType.Date),
        new(Ns, "DueDate", NamedProps.TaskDueDate, EasFieldType.Date),
        Complete,
        new(Ns, "DateCompleted", NamedProps.TaskDateCompleted, EasFieldType.Date),
        new(Ns, "Sensitivity", PropTags.Sensitivity, EasFieldType.Integer) { Min = 0, Max = 3 },
        new(Ns, "ReminderTime", NamedProps.ReminderTime, EasFieldType.Date),
        new(Ns, "ReminderSet", NamedProps.ReminderSet, EasFieldType.Boolean),
    ];
}
