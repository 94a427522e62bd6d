using Bourse.ActiveSync.Codec;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Mailbox;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

internal sealed partial class ItemOperationsHandler
{
    private const int EmptyBatch = 500;

    /// <summary>
    /// EmptyFolderContents (MS-ASCMD 2.2.3.58): removes every item of the folder and, with Options/DeleteSubFolders
    /// (2.2.3.44), its subfolders; without it the subfolders and their items stay. In Deleted Items (and below it) the
    /// items and folders are gone for good, as when a user empties Deleted Items; anywhere else items are soft-deleted into
    /// Recoverable Items and subfolders moved to Deleted Items, so a device emptying the wrong folder loses nothing for good.
    /// </summary>
    private async ValueTask<WbxmlElement> EmptyFolderContentsAsync(EasRequestContext context, WbxmlElement op, CancellationToken ct)
    {
        var collectionId = op.Element("AirSync", "CollectionId")?.Text;
        var deleteSubfolders = op.Element(Ns, "Options")?.Element(Ns, "DeleteSubFolders") is not null;
        var status = await EmptyAsync(context.Mailbox, collectionId, deleteSubfolders, ct).ConfigureAwait(false);
        var result = new WbxmlElement(Ns, "EmptyFolderContents", StatusElement(status));
        if (collectionId is not null)
            result.Add(new WbxmlElement("AirSync", "CollectionId", collectionId));
        return result;
    }

    private async ValueTask<int> EmptyAsync(MailboxId mailbox, string? collectionId, bool deleteSubfolders, CancellationToken ct)
    {
        if (collectionId is null)
            return ItemOperationsStatus.ProtocolError;
        if (!FolderView.TryParseServerId(collectionId, out var folderId) ||
            !(await FolderView.LoadAsync(store, mailbox, ct).ConfigureAwait(false)).Any(f => f.Id == folderId))
            return ItemOperationsStatus.ObjectNotFound;

        var all = await store.GetFoldersAsync(mailbox, ct).ConfigureAwait(false);
        var deletedItems = all.FirstOrDefault(f => f.WellKnown == WellKnownFolder.DeletedItems);
        var permanent = deletedItems is not null && IsUnder(all, folderId, deletedItems.Id);
        var complete = permanent
            ? (await store.EmptyFolderAsync(mailbox, folderId, includeSubfolders: false, ct).ConfigureAwait(false)).IsSuccess
            : await SoftDeleteItemsAsync(mailbox, folderId, ct).ConfigureAwait(false);

        if (deleteSubfolders)
        {
            foreach (var child in all.Where(f => f.ParentId == folderId))
            {
                var done = permanent
                    ? (await store.DeleteFolderAsync(mailbox, child.Id, ct).ConfigureAwait(false)).IsSuccess
                    : deletedItems is not null && (await store.MoveFolderAsync(mailbox, child.Id, deletedItems.Id, ct).ConfigureAwait(false)).IsSuccess;
                // A well-known folder cannot be removed, and a name already taken in Deleted Items cannot be moved there.
                complete &= done;
            }
        }

        return complete ? ItemOperationsStatus.Success : ItemOperationsStatus.PartialSuccess;
    }

    /// Soft-deletes the folder's items in batches until none is left; false when some could not be deleted.
    private async ValueTask<bool> SoftDeleteItemsAsync(MailboxId mailbox, FolderId folder, CancellationToken ct)
    {
        ItemId? previousFirst = null;
        while (true)
        {
            var page = await store.ListItemsAsync(mailbox, folder, new ItemQuery { Limit = EmptyBatch, SortBy = ItemSortField.EntryOrder }, ct)
                .ConfigureAwait(false);
            if (page.Items.Count == 0)
                return true;
            if (page.Items[0].Id == previousFirst)
                return false;
            previousFirst = page.Items[0].Id;
            var results = await operations.DeleteItemsAsync(mailbox, page.Items.Select(i => i.Id).ToList(), DeleteMode.SoftDelete, ct)
                .ConfigureAwait(false);
            // Every item that stays is one that could not be deleted: stop rather than loop over it again.
            if (results.Any(r => !r.IsSuccess && r.Error != StoreError.NotFound))
                return false;
        }
    }

    private static bool IsUnder(IReadOnlyList<Folder> folders, FolderId folder, FolderId ancestor)
    {
        var byId = folders.ToDictionary(f => f.Id);
        for (FolderId? id = folder; id is { } current && byId.TryGetValue(current, out var f); id = f.ParentId)
        {
            if (current == ancestor)
                return true;
        }

        return false;
    }
}
