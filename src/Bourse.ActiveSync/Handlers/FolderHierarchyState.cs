using System.Globalization;
using Bourse.ActiveSync.State;
using Bourse.Core.Errors;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// The hierarchy SyncKey of the folder commands (FolderCreate, FolderUpdate, FolderDelete). They carry the device's
/// current FolderSync key; after the change the server issues the next key, whose snapshot is the old one plus the
/// device's own change (MS-ASCMD 2.2.3.170.2/.3/.4), so the next FolderSync does not report that change back while
/// every change made elsewhere since the old key still comes. The snapshots are the ones FolderSyncHandler keeps, rolled
/// the same way (the previous key stays for a retry).
/// </summary>
internal static class FolderHierarchyState
{
    /// The snapshot behind the device's key, as FolderSyncSnapshot reads it: ServerId → (ParentId, DisplayName, Type).
    internal sealed class Snapshot(long syncKey, Dictionary<string, (string ParentId, string DisplayName, int Type)> folders)
    {
        internal long SyncKey { get; } = syncKey;

        internal Dictionary<string, (string ParentId, string DisplayName, int Type)> Folders { get; } = folders;

        /// The device now knows the folder as the hierarchy shows it.
        internal void Set(FolderView.EasFolder folder) => Folders[folder.ServerId] = (folder.ParentId, folder.DisplayName, folder.Type);

        /// The device deleted the folder, and with it every folder it knew below it.
        internal void RemoveSubtree(string serverId)
        {
            var gone = new HashSet<string>(StringComparer.Ordinal) { serverId };
            bool grew;
            do
            {
                grew = false;
                foreach (var (id, entry) in Folders)
                {
                    if (!gone.Contains(id) && gone.Contains(entry.ParentId))
                        grew |= gone.Add(id);
                }
            }
            while (grew);

            foreach (var id in gone)
                Folders.Remove(id);
        }
    }

    /// <summary>
    /// The snapshot behind the SyncKey text of a folder command, or the command's status: 10 without a key, 9 for a
    /// malformed key or one this device was not given (MS-ASCMD 2.2.3.177.3/.4/.6; all three commands share 9 and 10).
    /// SyncKey 0 is never valid here: the device must run FolderSync first.
    /// </summary>
    internal static async ValueTask<(Snapshot? Snapshot, int Status)> LoadAsync(EasStateStore state, EasRequestContext context, string? syncKeyText,
        CancellationToken ct)
    {
        // MS-ASCMD 2.2.3.177.3: 9 is "malformed or mismatched synchronization key"; a request without one is malformed (10).
        if (syncKeyText is null)
            return (null, HierarchyStatus.BadRequest);
        if (!long.TryParse(syncKeyText, NumberStyles.None, CultureInfo.InvariantCulture, out var syncKey))
            return (null, HierarchyStatus.InvalidSyncKey);
        if (syncKey <= 0)
            return (null, HierarchyStatus.InvalidSyncKey);
        var saved = await state.GetAsync(context.Mailbox, EasStateStore.FolderSyncKey(context.DeviceKey, syncKey), ct).ConfigureAwait(false);
        if (saved is null || FolderSyncSnapshot.Read(saved) is not { } folders)
            return (null, HierarchyStatus.InvalidSyncKey);
        return (new Snapshot(syncKey, folders), 1);
    }

    /// Saves the changed snapshot under the next key and returns that key (the previous one stays for a retry, as in FolderSync).
    internal static async ValueTask<long> CommitAsync(EasStateStore state, EasRequestContext context, Snapshot snapshot, CancellationToken ct)
    {
        var newKey = snapshot.SyncKey + 1;
        var folders = snapshot.Folders.Select(f => new FolderView.EasFolder(
            FolderView.TryParseServerId(f.Key, out var id) ? id : default, f.Key, f.Value.ParentId, f.Value.DisplayName, f.Value.Type, null));
        await state.RollAsync(context.Mailbox, EasStateStore.FolderSyncPrefix(context.DeviceKey), newKey, FolderSyncSnapshot.Write(folders),
            keepFrom: snapshot.SyncKey, ct).ConfigureAwait(false);
        return newKey;
    }

    /// The folder a device names by ServerId, if the device can see it (folders outside the IPM subtree do not exist for it).
    internal static FolderView.EasFolder? Find(IReadOnlyList<FolderView.EasFolder> visible, string? serverId) =>
        serverId is null ? null : visible.FirstOrDefault(f => f.ServerId == serverId);

    /// The status values the three folder commands share (MS-ASCMD 2.2.3.177.3, .4, .6).
    internal static class HierarchyStatus
    {
        internal const int Success = 1;
        internal const int ServerError = 6;
        internal const int InvalidSyncKey = 9;
        internal const int BadRequest = 10;
    }

    /// An unexpected store failure as the commands' shared server-error status; expected ones are mapped by each command.
    internal static int ServerErrorFor(StoreError error) => error switch
    {
        StoreError.InvalidArgument => HierarchyStatus.BadRequest,
        _ => HierarchyStatus.ServerError,
    };
}
