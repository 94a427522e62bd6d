using Bourse.Core.Ids;
using Bourse.Storage;

namespace Bourse.ActiveSync.State;

/// <summary>
/// ActiveSync's protocol state, kept in the mailbox store (not in process memory) so a restart or another node continues
/// it. Keys are <c>eas/{device}/{kind}[/{collection}][/{synckey}]</c>; a device's DeviceId is letters and digits only, so
/// keys of two devices never share a prefix beyond <c>eas/</c>.
/// </summary>
internal sealed class EasStateStore(IMailStore store)
{
    internal const string Root = "eas/";

    internal static string DevicePrefix(string deviceKey) => $"{Root}{deviceKey}/";

    /// FolderSync snapshot behind a hierarchy SyncKey.
    internal static string FolderSyncKey(string deviceKey, long syncKey) => $"{Root}{deviceKey}/fs/{syncKey:D10}";

    internal static string FolderSyncPrefix(string deviceKey) => $"{Root}{deviceKey}/fs/";

    /// Sync state of one collection behind a SyncKey.
    internal static string CollectionKey(string deviceKey, string collectionId, long syncKey) => $"{Root}{deviceKey}/c/{collectionId}/{syncKey:D10}";

    internal static string CollectionPrefix(string deviceKey, string collectionId) => $"{Root}{deviceKey}/c/{collectionId}/";

    /// Any other per-device value: "ping" (the folder set and heartbeat), "sync" (the last Sync request, for partial and empty requests).
    internal static string DeviceValueKey(string deviceKey, string name) => $"{Root}{deviceKey}/{name}";

    internal ValueTask<byte[]?> GetAsync(MailboxId mailbox, string key, CancellationToken ct) => store.GetStateAsync(mailbox, key, ct);

    internal async ValueTask SetAsync(MailboxId mailbox, string key, byte[]? value, CancellationToken ct)
    {
        var r = await store.SetStateAsync(mailbox, key, value, ct).ConfigureAwait(false);
        if (!r.IsSuccess)
            throw new InvalidOperationException($"ActiveSync state {key} could not be saved: {r}");
    }

    internal async ValueTask DeleteAsync(MailboxId mailbox, string keyPrefix, CancellationToken ct)
    {
        var r = await store.DeleteStatesAsync(mailbox, keyPrefix, ct).ConfigureAwait(false);
        if (!r.IsSuccess)
            throw new InvalidOperationException($"ActiveSync state {keyPrefix}* could not be removed: {r}");
    }

    internal ValueTask<IReadOnlyList<string>> ListAsync(MailboxId mailbox, string keyPrefix, CancellationToken ct) =>
        store.ListStateKeysAsync(mailbox, keyPrefix, ct);

    /// <summary>
    /// Saves the state for <paramref name="newSyncKey"/> under <paramref name="prefix"/> and removes the states older than
    /// <paramref name="keepFrom"/>: the previous key stays, so a client that lost our response can retry it and get the same answer.
    /// </summary>
    internal async ValueTask RollAsync(MailboxId mailbox, string prefix, long newSyncKey, byte[] value, long keepFrom, CancellationToken ct)
    {
        await SetAsync(mailbox, $"{prefix}{newSyncKey:D10}", value, ct).ConfigureAwait(false);
        foreach (var key in await ListAsync(mailbox, prefix, ct).ConfigureAwait(false))
        {
            if (long.TryParse(key.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var n) && n < keepFrom)
                await SetAsync(mailbox, key, null, ct).ConfigureAwait(false);
        }
    }
}
