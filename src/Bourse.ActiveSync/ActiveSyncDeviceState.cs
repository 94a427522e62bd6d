using Bourse.ActiveSync.Handlers;
using Bourse.ActiveSync.State;
using Bourse.Core.Ids;
using Bourse.Storage;

namespace Bourse.ActiveSync;

/// <summary>What ActiveSync keeps in a mailbox for one device, for the administrator who removes the device.</summary>
public static class ActiveSyncDeviceState
{
    /// <summary>
    /// Removes the device's sync states (hierarchy, collections, Ping and Sync caches, sent ClientIds) and its recovery
    /// password from the mailbox; the device starts from scratch if it ever syncs again.
    /// </summary>
    public static async ValueTask RemoveAsync(IMailStore store, MailboxId mailbox, string deviceId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        var deviceKey = deviceId.ToLowerInvariant();
        await store.DeleteStatesAsync(mailbox, EasStateStore.DevicePrefix(deviceKey), ct).ConfigureAwait(false);
        await store.SetStateAsync(mailbox, SettingsHandler.RecoveryPasswordKey(deviceKey), null, ct).ConfigureAwait(false);
    }
}
