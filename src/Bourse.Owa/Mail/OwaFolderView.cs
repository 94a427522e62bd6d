using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Owa.Api;

namespace Bourse.Owa.Mail;

/// <summary>
/// The folders the browser sees: the IPM subtree only (Root, Recoverable Items and the other non-IPM folders stay hidden and
/// answer 404), ordered as Outlook shows them — the mail folders first in their usual order, then the user's folders by
/// name, then calendar, contacts, tasks, notes and journal — each parent followed by its children by name. Counts come
/// from the store's folder rows (kept by every write), so listing costs one read whatever the folders hold.
/// </summary>
internal sealed class OwaFolderView
{
    private static readonly WellKnownFolder[] TopOrder =
    [
        WellKnownFolder.Inbox, WellKnownFolder.Drafts, WellKnownFolder.SentItems, WellKnownFolder.DeletedItems, WellKnownFolder.JunkEmail,
        WellKnownFolder.Outbox,
    ];

    private static readonly WellKnownFolder[] BottomOrder =
    [
        WellKnownFolder.Calendar, WellKnownFolder.Contacts, WellKnownFolder.Tasks, WellKnownFolder.Notes, WellKnownFolder.Journal,
    ];

    private readonly Dictionary<FolderId, Folder> _visible = [];
    private readonly Dictionary<FolderId, List<Folder>> _children = [];

    public OwaFolderView(MailboxId mailbox, IReadOnlyList<Folder> folders)
    {
        Mailbox = mailbox;
        var subtree = folders.FirstOrDefault(f => f.WellKnown == WellKnownFolder.IpmSubtree);
        if (subtree is null)
            return;
        Top = subtree.Id;
        foreach (var f in folders)
        {
            if (f.ParentId is { } p)
            {
                if (!_children.TryGetValue(p, out var list))
                    _children[p] = list = [];
                list.Add(f);
            }
        }
        var pending = new Stack<FolderId>();
        pending.Push(subtree.Id);
        while (pending.Count > 0)
        {
            foreach (var child in ChildrenOf(pending.Pop()))
            {
                _visible[child.Id] = child;
                pending.Push(child.Id);
            }
        }
    }

    public MailboxId Mailbox { get; }

    /// <summary>The IPM subtree (the parent of the top-level folders), or null for a mailbox without one.</summary>
    public FolderId? Top { get; }

    public Folder? Find(FolderId id) => _visible.GetValueOrDefault(id);

    /// <summary>Whether <paramref name="id"/> is <paramref name="ancestor"/> or below it.</summary>
    public bool IsUnder(FolderId id, FolderId ancestor)
    {
        for (FolderId? at = id; at is { } a; at = _visible.GetValueOrDefault(a)?.ParentId)
        {
            if (a == ancestor)
                return true;
        }
        return false;
    }

    public Folder? WellKnown(WellKnownFolder which) => _visible.Values.FirstOrDefault(f => f.WellKnown == which);

    public IReadOnlyList<Folder> ChildrenOf(FolderId parent) => _children.GetValueOrDefault(parent) ?? (IReadOnlyList<Folder>)[];

    /// <summary>Every visible folder in display order.</summary>
    public List<FolderDto> ToList()
    {
        var result = new List<FolderDto>(_visible.Count);
        if (Top is { } top)
            AddOrdered(result, top, topLevel: true);
        return result;
    }

    public FolderDto ToDto(Folder f) => new(
        OwaIds.Of(Mailbox, f.Id),
        f.ParentId is { } p && p != Top ? OwaIds.Of(Mailbox, p) : null,
        f.DisplayName,
        WellKnownName(f.WellKnown),
        KindOf(f.ContainerClass),
        f.UnreadCount,
        f.TotalCount,
        ChildrenOf(f.Id).Count > 0);

    private void AddOrdered(List<FolderDto> into, FolderId parent, bool topLevel)
    {
        var children = ChildrenOf(parent);
        IEnumerable<Folder> ordered;
        if (topLevel)
        {
            var rank = (Folder f) => f.WellKnown is { } w
                ? Array.IndexOf(TopOrder, w) is >= 0 and var t ? t : TopOrder.Length + 1 + Array.IndexOf(BottomOrder, w)
                : TopOrder.Length;
            ordered = children.OrderBy(rank).ThenBy(f => f.DisplayName, StringComparer.CurrentCultureIgnoreCase);
        }
        else
        {
            ordered = children.OrderBy(f => f.DisplayName, StringComparer.CurrentCultureIgnoreCase);
        }
        foreach (var f in ordered)
        {
            into.Add(ToDto(f));
            AddOrdered(into, f.Id, topLevel: false);
        }
    }

    public static string? WellKnownName(WellKnownFolder? folder) => folder switch
    {
        WellKnownFolder.Inbox => "inbox",
        WellKnownFolder.Drafts => "drafts",
        WellKnownFolder.SentItems => "sentitems",
        WellKnownFolder.DeletedItems => "deleteditems",
        WellKnownFolder.Outbox => "outbox",
        WellKnownFolder.JunkEmail => "junkemail",
        WellKnownFolder.Calendar => "calendar",
        WellKnownFolder.Contacts => "contacts",
        WellKnownFolder.Tasks => "tasks",
        WellKnownFolder.Notes => "notes",
        WellKnownFolder.Journal => "journal",
        _ => null,
    };

    /// <summary>MS-OXOSFLD 2.2.7: PidTagContainerClass says what a folder holds; a folder without one holds mail.</summary>
    public static string KindOf(string? containerClass) => containerClass switch
    {
        null => "mail",
        _ when containerClass.StartsWith("IPF.Appointment", StringComparison.OrdinalIgnoreCase) => "calendar",
        _ when containerClass.StartsWith("IPF.Contact", StringComparison.OrdinalIgnoreCase) => "contacts",
        _ when containerClass.StartsWith("IPF.Task", StringComparison.OrdinalIgnoreCase) => "tasks",
        _ when containerClass.StartsWith("IPF.StickyNote", StringComparison.OrdinalIgnoreCase) => "notes",
        // Journal entries are not mail: Outlook does not show the Journal among mail folders.
        _ when containerClass.StartsWith("IPF.Journal", StringComparison.OrdinalIgnoreCase) => "journal",
        _ => "mail",
    };
}
