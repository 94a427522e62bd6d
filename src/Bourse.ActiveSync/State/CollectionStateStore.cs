using System.Globalization;
using Bourse.Core.Ids;

namespace Bourse.ActiveSync.State;

/// <summary>
/// Sync states of collections in the mailbox store (through <see cref="EasStateStore"/>): the state behind key N, the
/// next key's state when a request is retried, saving a new key while keeping the previous one, and where a device
/// stands in a collection for Ping and GetItemEstimate.
/// </summary>
internal sealed class CollectionStateStore(EasStateStore state) : ICollectionSyncPosition
{
    /// The state behind a key, or null when the device has no such key for the collection (unknown, another device's,
    /// too old, or damaged).
    internal async ValueTask<CollectionState?> LoadAsync(MailboxId mailbox, string deviceKey, string collectionId, long syncKey, CancellationToken ct)
    {
        if (syncKey <= 0)
            return null;
        var bytes = await state.GetAsync(mailbox, EasStateStore.CollectionKey(deviceKey, collectionId, syncKey), ct).ConfigureAwait(false);
        return bytes is null ? null : CollectionState.Read(bytes);
    }

    /// True when the device has any state for the collection (it synced it once: a vanished folder is then a hierarchy change).
    internal async ValueTask<bool> ExistsAsync(MailboxId mailbox, string deviceKey, string collectionId, CancellationToken ct) =>
        (await state.ListAsync(mailbox, EasStateStore.CollectionPrefix(deviceKey, collectionId), ct).ConfigureAwait(false)).Count > 0;

    /// SyncKey 0: drops every state of the collection and saves key 1 (MS-ASCMD 2.2.3.181.4).
    internal async ValueTask ResetAsync(MailboxId mailbox, string deviceKey, string collectionId, CollectionState initial, CancellationToken ct)
    {
        await state.DeleteAsync(mailbox, EasStateStore.CollectionPrefix(deviceKey, collectionId), ct).ConfigureAwait(false);
        await state.SetAsync(mailbox, EasStateStore.CollectionKey(deviceKey, collectionId, 1), initial.Write(), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves the state behind <paramref name="newKey"/> and drops the one before <paramref name="newKey"/> − 1: the key the
    /// device sent stays, so a device that lost our answer can send it again. Keys only ever advance by one, so the key
    /// before the previous is the only older one. Both writes are issued together and land in the same store batch.
    /// </summary>
    internal async ValueTask SaveAsync(MailboxId mailbox, string deviceKey, string collectionId, long newKey, CollectionState value, CancellationToken ct)
    {
        var save = state.SetAsync(mailbox, EasStateStore.CollectionKey(deviceKey, collectionId, newKey), value.Write(), ct);
        var drop = newKey > 2 ? state.SetAsync(mailbox, EasStateStore.CollectionKey(deviceKey, collectionId, newKey - 2), null, ct) : ValueTask.CompletedTask;
        await save.ConfigureAwait(false);
        await drop.ConfigureAwait(false);
    }

    /// <summary>
    /// The device's latest state of the collection (its highest key) — Ping and GetItemEstimate compare the folder's
    /// changes with it. When the device lost the answer that produced the latest key it still holds the one before; its
    /// position is then lower, so the latest state never hides a change the device has not seen... except changes the
    /// lost answer carried, which the retry of the previous key sends again.
    /// </summary>
    public async ValueTask<long?> GetLastChangeNumberAsync(MailboxId mailbox, string deviceKey, string collectionId, CancellationToken ct)
    {
        var latest = await LatestAsync(mailbox, deviceKey, collectionId, ct).ConfigureAwait(false);
        return latest?.State.ChangeNumber;
    }

    /// The highest key of the collection with its state, or null when the device has none.
    internal async ValueTask<(long Key, CollectionState State)?> LatestAsync(MailboxId mailbox, string deviceKey, string collectionId, CancellationToken ct)
    {
        var prefix = EasStateStore.CollectionPrefix(deviceKey, collectionId);
        var keys = await state.ListAsync(mailbox, prefix, ct).ConfigureAwait(false);
        for (var i = keys.Count - 1; i >= 0; i--)
        {
            // Keys are zero-padded, so ordinal order is numeric order.
            if (!long.TryParse(keys[i].AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                continue;
            if (await LoadAsync(mailbox, deviceKey, collectionId, n, ct).ConfigureAwait(false) is { } s)
                return (n, s);
        }

        return null;
    }
}
