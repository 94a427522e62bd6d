using System.Globalization;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// The folder hierarchy as a device sees it: the IPM subtree's folders (the subtree itself is the root, ParentId "0"),
/// each with its ActiveSync folder type. A folder's ServerId is its store id in decimal.
/// </summary>
internal static class FolderView
{
    internal sealed record EasFolder(FolderId Id, string ServerId, string ParentId, string DisplayName, int Type, string? ContainerClass);

    internal static string ServerId(FolderId id) => id.Value.ToString(CultureInfo.InvariantCulture);

    internal static bool TryParseServerId(string? text, out FolderId id)
    {
        id = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v <= 0)
            return false;
        id = new FolderId(v);
        return true;
    }

    /// The visible folders, parents before children.
    internal static async ValueTask<IReadOnlyList<EasFolder>> LoadAsync(IMailStore store, MailboxId mailbox, CancellationToken ct)
    {
        var all = await store.GetFoldersAsync(mailbox, ct).ConfigureAwait(false);
        var subtree = all.FirstOrDefault(f => f.WellKnown == WellKnownFolder.IpmSubtree);
        if (subtree is null)
            return [];
        var children = all.Where(f => f.ParentId is not null).ToLookup(f => f.ParentId!.Value);
        var result = new List<EasFolder>();
        var queue = new Queue<(Folder Folder, string Parent)>();
        foreach (var top in children[subtree.Id].OrderBy(f => f.Id.Value))
            queue.Enqueue((top, "0"));
        while (queue.Count > 0)
        {
            var (folder, parent) = queue.Dequeue();
            var serverId = ServerId(folder.Id);
            result.Add(new EasFolder(folder.Id, serverId, parent, folder.DisplayName, TypeOf(folder), folder.ContainerClass));
            foreach (var child in children[folder.Id].OrderBy(f => f.Id.Value))
                queue.Enqueue((child, serverId));
        }

        return result;
    }

    /// MS-ASCMD 2.2.3.186.3: the folder Type values.
    internal static int TypeOf(Folder folder) => folder.WellKnown switch
    {
        WellKnownFolder.Inbox => 2,
        WellKnownFolder.Drafts => 3,
        WellKnownFolder.DeletedItems => 4,
        WellKnownFolder.SentItems => 5,
        WellKnownFolder.Outbox => 6,
        WellKnownFolder.Tasks => 7,
        WellKnownFolder.Calendar => 8,
        WellKnownFolder.Contacts => 9,
        WellKnownFolder.Notes => 10,
        WellKnownFolder.Journal => 11,
        _ => TypeOfClass(folder.ContainerClass),
    };

    /// The type of a user-created folder from its container class.
    internal static int TypeOfClass(string? containerClass) => containerClass switch
    {
        null or "" => 12,
        _ when containerClass.StartsWith("IPF.Note", StringComparison.OrdinalIgnoreCase) => 12,
        _ when containerClass.StartsWith("IPF.Appointment", StringComparison.OrdinalIgnoreCase) => 13,
        _ when containerClass.StartsWith("IPF.Contact", StringComparison.OrdinalIgnoreCase) => 14,
        _ when containerClass.StartsWith("IPF.Task", StringComparison.OrdinalIgnoreCase) => 15,
        _ when containerClass.StartsWith("IPF.Journal", StringComparison.OrdinalIgnoreCase) => 16,
        _ when containerClass.StartsWith("IPF.StickyNote", StringComparison.OrdinalIgnoreCase) => 17,
        _ => 1,
    };

    /// The container class a device's FolderCreate Type asks for (MS-ASCMD 2.2.3.186.2: 12–17 and 1).
    internal static string? ContainerClassOf(int type) => type switch
    {
        1 or 12 => "IPF.Note",
        13 => "IPF.Appointment",
        14 => "IPF.Contact",
        15 => "IPF.Task",
        16 => "IPF.Journal",
        17 => "IPF.StickyNote",
        _ => null,
    };
}
