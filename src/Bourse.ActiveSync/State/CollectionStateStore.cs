using System.Globalization;
using Bourse.Core.Ids;

namespace Bourse.ActiveSync.State;

/// <summary>
/// Sync states of collections in the mailbox store (through <see cref="EasStateStore"/>): the state behind key N (its
/// header under <see cref="EasStateStore.CollectionKey"/>, its item list under the same key with an "i" after it),
/// saving a new key while keeping the previous one, and where a device stands in a collection for Ping and
/// GetItemEstimate.
/// </summary>
internal sealed class CollectionStateStore(EasStateStore state) : ICollectionSyncPosition
{
    private const string ItemsSuffix = "i";

    /// The state behind a key (its item list still unread), or null when the device has no such key for the collection
    /// (unknown, another device's, too old, or damaged).
    internal async ValueTask<CollectionState?> LoadAsync(MailboxId mailbox, string deviceKey, string collectionId, long syncKey, CancellationToken ct)
    {
        if (syncKey <= 0)
            return null;
        var key = EasStateStore.CollectionKey(deviceKey, collectionId, syncKey);
        var bytes = await state.GetAsync(mailbox, key, ct).ConfigureAwait(false);
        return bytes is null ? null : CollectionState.ReadHeader(bytes, key + ItemsSuffix);
    }

    /// Reads the state's item list if it has not been; false when it is missing or damaged (the key is then unusable).
    internal async ValueTask<bool> EnsureItemsAsync(MailboxId mailbox, CollectionState value, CancellationToken ct)
    {
        if (value.ItemsLoaded)
            return true;
        return value.ItemsKey is { } key && value.SetItems(await state.GetAsync(mailbox, key, ct).ConfigureAwait(false));
    }

    /// True when the device has any state for the collection (it synced it once: a vanished folder is then a hierarchy change).
    internal async ValueTask<bool> ExistsAsync(MailboxId mailbox, string deviceKey, string collectionId, CancellationToken ct) =>
        (await state.ListAsync(mailbox, EasStateStore.CollectionPrefix(deviceKey, collectionId), ct).ConfigureAwait(false)).Count > 0;

    /// SyncKey 0: drops every state of the collection and saves key 1 (MS-ASCMD 2.2.3.181.4).
    internal async ValueTask ResetAsync(MailboxId mailbox, string deviceKey, string collectionId, CollectionState initial, CancellationToken ct)
    {
        await state.DeleteAsync(mailbox, EasStateStore.CollectionPrefix(deviceKey, collectionId), ct).ConfigureAwait(false);
        await SaveAsync(mailbox, deviceKey, collectionId, 1, initial, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves the state behind <paramref name="newKey"/> and drops the one before <paramref name="newKey"/> − 1: the key the
    /// device sent stays, so a device that lost our answer can send it again. Keys only ever advance by one, so the key
    /// before the previous is the only older one. The writes are issued together and land in the same store batch.
    /// </summary>
    internal async ValueTask SaveAsync(MailboxId mailbox, string deviceKey, string collectionId, long newKey, CollectionState value, CancellationToken ct)
    {
        // Every path that saves has read the item list (or made it), so it is written whole.
        var key = EasStateStore.CollectionKey(deviceKey, collectionId, newKey);
        var items = state.SetAsync(mailbox, key + ItemsSuffix, value.WriteItems(), ct);
        var header = state.SetAsync(mailbox, key, value.WriteHeader(), ct);
        var old = newKey > 2 ? EasStateStore.CollectionKey(deviceKey, collectionId, newKey - 2) : null;
        var dropHeader = old is null ? ValueTask.CompletedTask : state.SetAsync(mailbox, old, null, ct);
        var dropItems = old is null ? ValueTask.CompletedTask : state.SetAsync(mailbox, old + ItemsSuffix, null, ct);
        await items.ConfigureAwait(false);
        await header.ConfigureAwait(false);
        await dropHeader.ConfigureAwait(false);
        await dropItems.ConfigureAwait(false);
    }

    /// <summary>
    /// The position of the device's latest state of the collection (its highest key), for Ping and GetItemEstimate to
    /// compare the folder's changes with. A device that lost the answer producing that key still holds the previous
    /// one; it sends it again and is answered from there.
    /// </summary>
    public async ValueTask<long?> GetLastChangeNumberAsync(MailboxId mailbox, string deviceKey, string collectionId, CancellationToken ct)
    {
        var prefix = EasStateStore.CollectionPrefix(deviceKey, collectionId);
        var keys = await state.ListAsync(mailbox, prefix, ct).ConfigureAwait(false);
        for (var i = keys.Count - 1; i >= 0; i--)
        {
            // Keys are zero-padded, so ordinal order is numeric order; item lists ("…i") are not keys.
            if (!long.TryParse(keys[i].AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                continue;
            if (await LoadAsync(mailbox, deviceKey, collectionId, n, ct).ConfigureAwait(false) is { } s)
                return s.ChangeNumber;
        }

        return null;
    }
}
