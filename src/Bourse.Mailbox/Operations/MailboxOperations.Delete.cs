using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;

namespace Bourse.Mailbox;

public sealed partial class MailboxOperations
{
    internal const string RecoverableItemsName = "Recoverable Items";
    internal const string DeletionsName = "Deletions";

    /// <summary>
    /// Deletes items in one of three modes; one result per id, in order (NotFound for an id that is not in the mailbox).
    /// </summary>
    public async ValueTask<IReadOnlyList<StoreResult<bool>>> DeleteItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, DeleteMode mode,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
            return [];
        switch (mode)
        {
            case DeleteMode.HardDelete:
                return await _store.DeleteItemsAsync(mailbox, items, ct).ConfigureAwait(false);
            case DeleteMode.MoveToDeletedItems:
            {
                var deletedItems = await _store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.DeletedItems, ct).ConfigureAwait(false);
                if (deletedItems is null)
                    return Fail(items.Count, StoreError.MailboxNotFound);
                return await MoveOrPurgeAsync(mailbox, items, deletedItems.Id, ct).ConfigureAwait(false);
            }
            case DeleteMode.SoftDelete:
            {
                var deletions = await GetDeletionsFolderAsync(mailbox, ct).ConfigureAwait(false);
                if (!deletions.IsSuccess)
                    return Fail(items.Count, deletions.Error);
                var recoverable = await _store.GetFolderAsync(mailbox, deletions.Value, ct).ConfigureAwait(false);
                return await MoveOrPurgeAsync(mailbox, items, recoverable?.ParentId ?? deletions.Value, ct, deletions.Value).ConfigureAwait(false);
            }
            default:
                return Fail(items.Count, StoreError.InvalidArgument);
        }
    }

    /// <summary>
    /// Moves each item into <paramref name="target"/> (or <paramref name="moveTo"/> when given), except items already under
    /// <paramref name="target"/>, which are hard-deleted: deleting from Deleted Items empties it, deleting from the
    /// dumpster purges.
    /// </summary>
    private async ValueTask<IReadOnlyList<StoreResult<bool>>> MoveOrPurgeAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, FolderId target,
        CancellationToken ct, FolderId? moveTo = null)
    {
        var folders = await _store.GetFoldersAsync(mailbox, ct).ConfigureAwait(false);
        var under = Subtree(folders, target);
        var results = new StoreResult<bool>[items.Count];
        var toMove = new List<(int Index, ItemId Id)>();
        var toPurge = new List<(int Index, ItemId Id)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = await _store.GetItemAsync(mailbox, items[i], ct).ConfigureAwait(false);
            if (item is null)
                results[i] = StoreResult<bool>.Fail(StoreError.NotFound, "No such item in this mailbox.");
            else if (under.Contains(item.FolderId))
                toPurge.Add((i, items[i]));
            else
                toMove.Add((i, items[i]));
        }
        if (toPurge.Count > 0)
        {
            var purged = await _store.DeleteItemsAsync(mailbox, toPurge.ConvertAll(p => p.Id), ct).ConfigureAwait(false);
            for (var k = 0; k < toPurge.Count; k++)
                results[toPurge[k].Index] = purged[k];
        }
        if (toMove.Count > 0)
        {
            var moved = await _store.MoveItemsAsync(mailbox, toMove.ConvertAll(p => p.Id), moveTo ?? target, ct).ConfigureAwait(false);
            for (var k = 0; k < toMove.Count; k++)
                results[toMove[k].Index] = moved[k].IsSuccess ? StoreResult<bool>.Ok(true) : StoreResult<bool>.Fail(moved[k].Error, moved[k].Message);
        }
        return results;
    }

    /// <summary>
    /// The hidden Recoverable Items\Deletions folder under the non-IPM root, where Exchange keeps soft-deleted items
    /// (MS-OXOSFLD 2.2.x; invisible to clients, which only see the IPM subtree). Created on first use.
    /// </summary>
    internal async ValueTask<StoreResult<FolderId>> GetDeletionsFolderAsync(MailboxId mailbox, CancellationToken ct)
    {
        var root = await _store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Root, ct).ConfigureAwait(false);
        if (root is null)
            return StoreResult<FolderId>.Fail(StoreError.MailboxNotFound, "The mailbox has no root folder.");
        var recoverable = await GetOrCreateChildAsync(mailbox, root.Id, RecoverableItemsName, ct).ConfigureAwait(false);
        if (!recoverable.IsSuccess)
            return recoverable;
        return await GetOrCreateChildAsync(mailbox, recoverable.Value, DeletionsName, ct).ConfigureAwait(false);
    }

    private async ValueTask<StoreResult<FolderId>> GetOrCreateChildAsync(MailboxId mailbox, FolderId parent, string name, CancellationToken ct)
    {
        if (FindChild(await _store.GetFoldersAsync(mailbox, ct).ConfigureAwait(false), parent, name) is { } existing)
            return existing.Id;
        var created = await _store.CreateFolderAsync(mailbox, parent, name, null, null, ct).ConfigureAwait(false);
        if (created.IsSuccess)
            return created.Value.Id;
        if (created.Error == StoreError.AlreadyExists &&
            FindChild(await _store.GetFoldersAsync(mailbox, ct).ConfigureAwait(false), parent, name) is { } raced)
            return raced.Id;
        return StoreResult<FolderId>.Fail(created.Error, created.Message);
    }

    private static Folder? FindChild(IReadOnlyList<Folder> folders, FolderId parent, string name) =>
        folders.FirstOrDefault(f => f.ParentId == parent && string.Equals(f.DisplayName, name, StringComparison.OrdinalIgnoreCase));

    private static HashSet<FolderId> Subtree(IReadOnlyList<Folder> folders, FolderId top)
    {
        var set = new HashSet<FolderId> { top };
        bool grew;
        do
        {
            grew = false;
            foreach (var f in folders)
            {
                if (f.ParentId is { } p && set.Contains(p) && set.Add(f.Id))
                    grew = true;
            }
        }
        while (grew);
        return set;
    }

    private static StoreResult<bool>[] Fail(int count, StoreError error) =>
        Enumerable.Range(0, count).Select(_ => StoreResult<bool>.Fail(error, "The mailbox is not available.")).ToArray();
}
