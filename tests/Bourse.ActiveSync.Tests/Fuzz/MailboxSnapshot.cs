using Bourse.Core.Ids;
using Bourse.Directory.Devices;
using Bourse.Storage;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// What a mailbox holds, read straight from the store: its change number, folders (id, parent, name, class, well-known
/// role), items (id, folder, change number), protocol state keys and device partnerships. Two snapshots of a mailbox
/// nobody wrote to are equal.
/// </summary>
internal sealed record MailboxSnapshot(
    long LastChangeNumber,
    int ItemCount,
    IReadOnlyList<MailboxSnapshot.FolderRow> Folders,
    IReadOnlyList<MailboxSnapshot.ItemRow> Items,
    IReadOnlyList<string> StateKeys,
    IReadOnlyList<string> Devices)
{
    internal sealed record FolderRow(long Id, long? Parent, string Name, string? Class, string? WellKnown);

    internal sealed record ItemRow(long Id, long Folder, long ChangeNumber);

    public static async Task<MailboxSnapshot> TakeAsync(IMailStore store, IDeviceDirectory devices, MailboxId mailbox)
    {
        var info = await store.GetMailboxAsync(mailbox) ?? throw new InvalidOperationException("no mailbox");
        var folders = (await store.GetFoldersAsync(mailbox))
            .Select(f => new FolderRow(f.Id.Value, f.ParentId?.Value, f.DisplayName, f.ContainerClass, f.WellKnown?.ToString()))
            .OrderBy(f => f.Id).ToList();
        var items = new List<ItemRow>();
        foreach (var f in folders)
        {
            for (var offset = 0; ; offset += 500)
            {
                var page = await store.ListItemsAsync(mailbox, new FolderId(f.Id), new ItemQuery { Offset = offset, Limit = 500 });
                items.AddRange(page.Items.Select(i => new ItemRow(i.Id.Value, i.FolderId.Value, i.ChangeNumber)));
                if (page.Items.Count < 500)
                    break;
            }
        }

        items.Sort((a, b) => a.Id.CompareTo(b.Id));
        var keys = await store.ListStateKeysAsync(mailbox, "");
        var partnerships = (await devices.ListDevicesAsync(mailbox))
            .Select(d => $"{d.DeviceId} key={d.PolicyKey} applied={d.PolicyAppliedUtc:O} access={d.Access} wipe={d.Wipe} last={d.LastSyncUtc:O}")
            .Order(StringComparer.Ordinal).ToList();
        return new MailboxSnapshot(info.LastChangeNumber, info.ItemCount, folders, items, [.. keys], partnerships);
    }

    /// The differences from <paramref name="after"/>, one line each (empty when nothing changed).
    public List<string> Diff(MailboxSnapshot after)
    {
        var d = new List<string>();
        if (LastChangeNumber != after.LastChangeNumber)
            d.Add($"change number {LastChangeNumber} → {after.LastChangeNumber}");
        if (ItemCount != after.ItemCount)
            d.Add($"item count {ItemCount} → {after.ItemCount}");
        d.AddRange(Changes("folder", Folders, after.Folders));
        d.AddRange(Changes("item", Items, after.Items));
        d.AddRange(Changes("state", StateKeys, after.StateKeys));
        d.AddRange(Changes("device", Devices, after.Devices));
        return d;
    }

    /// The well-known folders (Inbox, Sent Items …), which no device command may rename, move or delete.
    public IEnumerable<FolderRow> WellKnownFolders => Folders.Where(f => f.WellKnown is not null);

    private static IEnumerable<string> Changes<T>(string what, IReadOnlyList<T> before, IReadOnlyList<T> after)
    {
        var a = before.ToHashSet();
        var b = after.ToHashSet();
        foreach (var gone in a.Except(b).Take(5))
            yield return $"{what} gone: {gone}";
        foreach (var added in b.Except(a).Take(5))
            yield return $"{what} new: {added}";
    }
}
