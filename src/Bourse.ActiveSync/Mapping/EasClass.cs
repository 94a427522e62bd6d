namespace Bourse.ActiveSync.Mapping;

/// The ActiveSync item classes (MS-ASCMD 2.2.3.27.6 Class: Email, Contacts, Calendar, Tasks, Notes; SMS is not served).
internal enum EasClass
{
    Email,
    Contacts,
    Calendar,
    Tasks,
    Notes,
}
