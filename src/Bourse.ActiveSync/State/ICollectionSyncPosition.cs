using Bourse.Core.Ids;

namespace Bourse.ActiveSync.State;

/// <summary>
/// Where a device stands in a collection: the highest mailbox change number its latest Sync state covers for that folder
/// (everything up to it was sent or deliberately skipped), or null when the device has no sync state for it. Ping and
/// GetItemEstimate ask this to tell "changes the device has not seen" from changes it already has; the Sync handler owns
/// the state and implements it.
/// </summary>
internal interface ICollectionSyncPosition
{
    ValueTask<long?> GetLastChangeNumberAsync(MailboxId mailbox, string deviceKey, string collectionId, CancellationToken ct);
}
