namespace Bourse.Core.Model;

/// <summary>The folders every mailbox has (MS-OXOSFLD 2.2). <see cref="Root"/> is the non-IPM root.</summary>
public enum WellKnownFolder
{
    Root = 1,
    IpmSubtree,
    Inbox,
    Outbox,
    SentItems,
    DeletedItems,
    Drafts,
    JunkEmail,
    Calendar,
    Contacts,
    Tasks,
    Notes,
    Journal,
    SearchFolders,
    CommonViews,
    Views,
    Schedule,
}

/// <summary>Display names, container classes and placement of the well-known folders.</summary>
public static class WellKnownFolders
{
    public sealed record Definition(WellKnownFolder Folder, WellKnownFolder? Parent, string DisplayName, string? ContainerClass);

    /// <summary>In creation order: a parent always precedes its children.</summary>
    public static IReadOnlyList<Definition> All { get; } =
    [
        new(WellKnownFolder.Root, null, "Root", null),
        new(WellKnownFolder.IpmSubtree, WellKnownFolder.Root, "Top of Information Store", null),
        new(WellKnownFolder.SearchFolders, WellKnownFolder.Root, "Finder", null),
        new(WellKnownFolder.CommonViews, WellKnownFolder.Root, "Common Views", null),
        new(WellKnownFolder.Views, WellKnownFolder.Root, "Views", null),
        new(WellKnownFolder.Schedule, WellKnownFolder.Root, "Schedule", null),
        new(WellKnownFolder.Inbox, WellKnownFolder.IpmSubtree, "Inbox", "IPF.Note"),
        new(WellKnownFolder.Outbox, WellKnownFolder.IpmSubtree, "Outbox", "IPF.Note"),
        new(WellKnownFolder.SentItems, WellKnownFolder.IpmSubtree, "Sent Items", "IPF.Note"),
        new(WellKnownFolder.DeletedItems, WellKnownFolder.IpmSubtree, "Deleted Items", "IPF.Note"),
        new(WellKnownFolder.Drafts, WellKnownFolder.IpmSubtree, "Drafts", "IPF.Note"),
        new(WellKnownFolder.JunkEmail, WellKnownFolder.IpmSubtree, "Junk Email", "IPF.Note"),
        new(WellKnownFolder.Calendar, WellKnownFolder.IpmSubtree, "Calendar", "IPF.Appointment"),
        new(WellKnownFolder.Contacts, WellKnownFolder.IpmSubtree, "Contacts", "IPF.Contact"),
        new(WellKnownFolder.Tasks, WellKnownFolder.IpmSubtree, "Tasks", "IPF.Task"),
        new(WellKnownFolder.Notes, WellKnownFolder.IpmSubtree, "Notes", "IPF.StickyNote"),
        new(WellKnownFolder.Journal, WellKnownFolder.IpmSubtree, "Journal", "IPF.Journal"),
    ];

    public static Definition Get(WellKnownFolder folder) => All.First(d => d.Folder == folder);

    /// <summary>True for folders that live inside the IPM subtree (visible to clients as mail/calendar/contacts folders).</summary>
    public static bool IsIpm(WellKnownFolder folder)
    {
        var d = Get(folder);
        while (d.Parent is { } p)
        {
            if (p == WellKnownFolder.IpmSubtree)
                return true;
            d = Get(p);
        }
        return false;
    }
}
