using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Storage;

/// <summary>
/// The mailbox store contract: narrow and protocol-neutral. Every provider (SQLite, PostgreSQL) passes the same
/// contract test suite. Every successful write takes the mailbox's next change number, is durable when the call
/// returns, and is then published on <see cref="Notifications"/>.
/// </summary>
public interface IMailStore : IAsyncDisposable
{
    /// <summary>Change notifications, raised after commit.</summary>
    IMailboxNotifier Notifications { get; }

    // ---- mailboxes -------------------------------------------------------------------------------

    /// <summary>Creates the mailbox with its well-known folders; AlreadyExists if it exists.</summary>
    ValueTask<StoreResult<MailboxInfo>> CreateMailboxAsync(MailboxId mailbox, MailboxQuota? quota = null, CancellationToken ct = default);

    ValueTask<MailboxInfo?> GetMailboxAsync(MailboxId mailbox, CancellationToken ct = default);

    /// <summary>Removes the mailbox with all its folders, items and blobs.</summary>
    ValueTask<bool> DeleteMailboxAsync(MailboxId mailbox, CancellationToken ct = default);

    ValueTask<StoreResult<MailboxInfo>> SetQuotaAsync(MailboxId mailbox, MailboxQuota quota, CancellationToken ct = default);

    // ---- folders ---------------------------------------------------------------------------------

    ValueTask<IReadOnlyList<Folder>> GetFoldersAsync(MailboxId mailbox, CancellationToken ct = default);

    ValueTask<Folder?> GetFolderAsync(MailboxId mailbox, FolderId folder, CancellationToken ct = default);

    ValueTask<Folder?> GetWellKnownFolderAsync(MailboxId mailbox, WellKnownFolder folder, CancellationToken ct = default);

    /// <summary>AlreadyExists when the parent has a child of the same name (case-insensitive).</summary>
    ValueTask<StoreResult<Folder>> CreateFolderAsync(MailboxId mailbox, FolderId parent, string displayName, string? containerClass,
        PropertyBag? properties = null, CancellationToken ct = default);

    /// <summary>Renames and/or changes properties. Renaming a well-known folder is WellKnownFolderProtected.</summary>
    ValueTask<StoreResult<Folder>> UpdateFolderAsync(MailboxId mailbox, FolderId folder, FolderUpdate update, CancellationToken ct = default);

    /// <summary>Moves a folder under a new parent; FolderCycle when the parent is the folder or one of its descendants.</summary>
    ValueTask<StoreResult<Folder>> MoveFolderAsync(MailboxId mailbox, FolderId folder, FolderId newParent, CancellationToken ct = default);

    /// <summary>Hard-deletes a folder, its subfolders and their items (tombstones recorded).</summary>
    ValueTask<StoreResult<bool>> DeleteFolderAsync(MailboxId mailbox, FolderId folder, CancellationToken ct = default);

    /// <summary>Hard-deletes every item in the folder (and its subfolders when asked); returns the number of items removed.</summary>
    ValueTask<StoreResult<int>> EmptyFolderAsync(MailboxId mailbox, FolderId folder, bool includeSubfolders, CancellationToken ct = default);

    // ---- items -----------------------------------------------------------------------------------

    ValueTask<StoreResult<Item>> CreateItemAsync(MailboxId mailbox, FolderId folder, NewItem item, CancellationToken ct = default);

    /// <summary>
    /// Creates many items (import). Each entry succeeds or fails on its own and is never half-written. Batches of calls that
    /// overlap are created in the order the calls were made (an importer hands over its next batch while the store still
    /// writes the previous one, and the items keep their order: entry order and change numbers follow the calls).
    /// </summary>
    ValueTask<IReadOnlyList<StoreResult<ItemId>>> CreateItemsAsync(MailboxId mailbox, FolderId folder, IReadOnlyList<NewItem> items,
        CancellationToken ct = default);

    ValueTask<Item?> GetItemAsync(MailboxId mailbox, ItemId item, CancellationToken ct = default);

    /// <summary>
    /// Applies property changes. When <paramref name="expectedChangeNumber"/> is given and the item has changed since,
    /// the result is ChangeConflict and nothing is written.
    /// </summary>
    ValueTask<StoreResult<Item>> UpdateItemAsync(MailboxId mailbox, ItemId item, PropertyChanges changes, long? expectedChangeNumber = null,
        CancellationToken ct = default);

    /// <summary>
    /// Changes an item's properties, recipient table and attachments as one write with one change number. When
    /// <paramref name="expectedChangeNumber"/> is given and the item has changed since, the result is ChangeConflict; any
    /// failure (NotFound for the item or an attachment number it lacks, InvalidArgument, MessageTooLarge when the item
    /// would exceed the size limit) writes nothing. Changing recipients or attachments drops the item's original MIME
    /// (see <see cref="ItemUpdate"/>). Attachment contents are shared with copies of the item: removing one from this
    /// item leaves every copy's intact.
    /// </summary>
    ValueTask<StoreResult<Item>> UpdateItemAsync(MailboxId mailbox, ItemId item, ItemUpdate update, long? expectedChangeNumber = null,
        CancellationToken ct = default);

    /// <summary>Moves items; an item keeps its id. The source folder records a tombstone for sync.</summary>
    ValueTask<IReadOnlyList<StoreResult<ItemId>>> MoveItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, FolderId destination,
        CancellationToken ct = default);

    /// <summary>Copies items; each copy gets a new id.</summary>
    ValueTask<IReadOnlyList<StoreResult<ItemId>>> CopyItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, FolderId destination,
        CancellationToken ct = default);

    /// <summary>Hard-deletes items, leaving tombstones.</summary>
    ValueTask<IReadOnlyList<StoreResult<bool>>> DeleteItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, CancellationToken ct = default);

    ValueTask<IReadOnlyList<StoreResult<bool>>> SetReadAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, bool read,
        CancellationToken ct = default);

    ValueTask<StoreResult<bool>> SetFlagAsync(MailboxId mailbox, ItemId item, FlagStatus status, CancellationToken ct = default);

    /// <summary>Lists a folder's items with sort, paging and simple restrictions, from indexed columns only.</summary>
    ValueTask<ItemPage> ListItemsAsync(MailboxId mailbox, FolderId folder, ItemQuery query, CancellationToken ct = default);

    /// <summary>Full-text search over subject, body text and sender.</summary>
    ValueTask<ItemPage> SearchAsync(MailboxId mailbox, SearchQuery query, CancellationToken ct = default);

    /// <summary>Item changes (creations, modifications, deletions/moves out) after a change number, in change-number order.</summary>
    ValueTask<ChangeSet> GetChangesAsync(MailboxId mailbox, ChangeQuery query, CancellationToken ct = default);

    /// <summary>Folder hierarchy changes after a change number.</summary>
    ValueTask<FolderChangeSet> GetFolderChangesAsync(MailboxId mailbox, long sinceChangeNumber, CancellationToken ct = default);

    /// <summary>The original MIME bytes, byte-exact, or null when the item has none.</summary>
    ValueTask<Stream?> OpenMimeAsync(MailboxId mailbox, ItemId item, CancellationToken ct = default);

    ValueTask<Stream?> OpenAttachmentAsync(MailboxId mailbox, ItemId item, int attachNumber, CancellationToken ct = default);

    // ---- protocol state --------------------------------------------------------------------------

    /// <summary>
    /// A protocol's opaque per-mailbox state (ActiveSync sync states and device folder sets, EWS subscriptions …) by key,
    /// or null when none is stored. State lives beside the mailbox, so a restart or another node continues from it.
    /// </summary>
    ValueTask<byte[]?> GetStateAsync(MailboxId mailbox, string key, CancellationToken ct = default);

    /// <summary>
    /// Stores a state value, or removes it when <paramref name="value"/> is null. A state write takes no change number and
    /// raises no notification. MailboxNotFound without the mailbox; InvalidArgument for an empty or over-long key
    /// (<see cref="StateLimits.MaxKeyLength"/>) or an over-large value (<see cref="StateLimits.MaxValueBytes"/>).
    /// </summary>
    ValueTask<StoreResult<bool>> SetStateAsync(MailboxId mailbox, string key, byte[]? value, CancellationToken ct = default);

    /// <summary>Removes every state of the mailbox whose key starts with <paramref name="keyPrefix"/>; returns how many.</summary>
    ValueTask<StoreResult<int>> DeleteStatesAsync(MailboxId mailbox, string keyPrefix, CancellationToken ct = default);

    /// <summary>The keys of the mailbox's states that start with <paramref name="keyPrefix"/>, in ordinal order.</summary>
    ValueTask<IReadOnlyList<string>> ListStateKeysAsync(MailboxId mailbox, string keyPrefix, CancellationToken ct = default);
}

/// <summary>Bounds of <see cref="IMailStore.SetStateAsync"/>.</summary>
public static class StateLimits
{
    public const int MaxKeyLength = 512;
    /// <summary>Room for an ActiveSync collection state of a folder of millions of items (a few bytes per item the device holds).</summary>
    public const int MaxValueBytes = 32 * 1024 * 1024;
}
