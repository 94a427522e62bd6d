namespace Bourse.ActiveSync.Mapping;

/// EasClass ⇄ container class, message class and the class name on the wire.
internal static class EasClasses
{
    /// The class of a folder's items from its container class (MS-OXCFOLD PidTagContainerClass);
    /// null for classes ActiveSync does not sync (IPF.Journal, search folders, …). A missing class is a mail folder.
    internal static EasClass? FromContainerClass(string? containerClass)
    {
        if (string.IsNullOrEmpty(containerClass) || Is(containerClass, "IPF.Note") || Is(containerClass, "IPF.Post"))
        {
            return EasClass.Email;
        }

        if (Is(containerClass, "IPF.Contact"))
        {
            return EasClass.Contacts;
        }

        if (Is(containerClass, "IPF.Appointment"))
        {
            return EasClass.Calendar;
        }

        if (Is(containerClass, "IPF.Task"))
        {
            return EasClass.Tasks;
        }

        if (Is(containerClass, "IPF.StickyNote"))
        {
            return EasClass.Notes;
        }

        return null;
    }

    /// The class an item renders as from its message class (MS-OXOCAL, MS-OXOCNTC, MS-OXOTASK,
    /// MS-OXONOTE); everything else (IPM.Note*, REPORT.*, IPM.Schedule.Meeting.*) is mail.
    internal static EasClass FromMessageClass(string? messageClass)
    {
        if (string.IsNullOrEmpty(messageClass))
        {
            return EasClass.Email;
        }

        if (Is(messageClass, "IPM.Appointment"))
        {
            return EasClass.Calendar;
        }

        if (Is(messageClass, "IPM.Contact") || Is(messageClass, "IPM.DistList"))
        {
            return EasClass.Contacts;
        }

        if (Is(messageClass, "IPM.Task") && !Is(messageClass, "IPM.TaskRequest"))
        {
            return EasClass.Tasks;
        }

        if (Is(messageClass, "IPM.StickyNote"))
        {
            return EasClass.Notes;
        }

        return EasClass.Email;
    }

    /// MS-ASCMD 2.2.3.27.6: the Class element's text.
    internal static string ToWireName(EasClass cls) => cls switch
    {
        EasClass.Email => "Email",
        EasClass.Contacts => "Contacts",
        EasClass.Calendar => "Calendar",
        EasClass.Tasks => "Tasks",
        EasClass.Notes => "Notes",
        _ => throw new ArgumentOutOfRangeException(nameof(cls)),
    };

    internal static bool TryFromWireName(string? text, out EasClass cls)
    {
        switch (text)
        {
            case "Email": cls = EasClass.Email; return true;
            case "Contacts": cls = EasClass.Contacts; return true;
            case "Calendar": cls = EasClass.Calendar; return true;
            case "Tasks": cls = EasClass.Tasks; return true;
            case "Notes": cls = EasClass.Notes; return true;
            default: cls = default; return false;
        }
    }

    /// The message class a new item of this class gets.
    internal static string DefaultMessageClass(EasClass cls) => cls switch
    {
        EasClass.Email => "IPM.Note",
        EasClass.Contacts => "IPM.Contact",
        EasClass.Calendar => "IPM.Appointment",
        EasClass.Tasks => "IPM.Task",
        EasClass.Notes => "IPM.StickyNote",
        _ => throw new ArgumentOutOfRangeException(nameof(cls)),
    };

    // MS-OXCMSG PidTagMessageClass: a message class matches its prefix when equal or followed by a '.' (case-insensitive).
    private static bool Is(string value, string prefix) =>
        value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (value.Length == prefix.Length || value[prefix.Length] == '.');
}
