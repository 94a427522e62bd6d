using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// FolderSync (MS-ASCMD 2.2.1.5): the folder hierarchy, then its changes. Each SyncKey stands for a snapshot of what the
/// device was told, kept in the store; the answer to SyncKey N is the difference between the hierarchy now and snapshot N,
/// so a device that lost our answer and sends N again gets the same changes (and the same new key). SyncKey 0 starts over
/// and drops every sync state the device had.
/// </summary>
internal sealed class FolderSyncHandler(IMailStore store, EasStateStore state) : IEasCommandHandler
{
    private const string Ns = "FolderHierarchy";

    public EasCommand Command => EasCommand.FolderSync;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var syncKeyText = context.Request!.Element(Ns, "SyncKey")?.Text;
        // MS-ASCMD 2.2.3.177.5: 9 is "synchronization key mismatch or invalid" (a malformed key too); no key at all is 10.
        if (syncKeyText is null)
            return Status(FolderSyncStatus.BadRequest);
        if (!long.TryParse(syncKeyText, NumberStyles.None, CultureInfo.InvariantCulture, out var syncKey))
            return Status(FolderSyncStatus.InvalidSyncKey);

        Dictionary<string, (string ParentId, string DisplayName, int Type)> known;
        if (syncKey == 0)
        {
            // MS-ASCMD 2.2.3.177.3: SyncKey 0 resets the hierarchy and, with it, every collection's sync state.
            await state.DeleteAsync(context.Mailbox, EasStateStore.DevicePrefix(context.DeviceKey), ct);
            known = [];
        }
        else
        {
            var saved = await state.GetAsync(context.Mailbox, EasStateStore.FolderSyncKey(context.DeviceKey, syncKey), ct);
            if (saved is null || FolderSyncSnapshot.Read(saved) is not { } snapshot)
                return Status(FolderSyncStatus.InvalidSyncKey);
            known = snapshot;
        }

        var folders = await FolderView.LoadAsync(store, context.Mailbox, ct);
        var changes = new WbxmlElement(Ns, "Changes");
        var count = 0;
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in folders)
        {
            current.Add(f.ServerId);
            if (!known.TryGetValue(f.ServerId, out var old))
            {
                changes.Add(Folder("Add", f));
                count++;
            }
            else if (old.ParentId != f.ParentId || old.DisplayName != f.DisplayName || old.Type != f.Type)
            {
                changes.Add(Folder("Update", f));
                count++;
            }
        }

        foreach (var gone in known.Keys.Where(k => !current.Contains(k)).Order(StringComparer.Ordinal))
        {
            changes.Add(new WbxmlElement(Ns, "Delete", new WbxmlElement(Ns, "ServerId", gone)));
            count++;
        }

        var newKey = syncKey;
        if (count > 0 || syncKey == 0)
        {
            newKey = syncKey + 1;
            await state.RollAsync(context.Mailbox, EasStateStore.FolderSyncPrefix(context.DeviceKey), newKey,
                FolderSyncSnapshot.Write(folders), keepFrom: syncKey, ct);
        }

        var response = new WbxmlElement(Ns, "FolderSync",
            new WbxmlElement(Ns, "Status", "1"),
            new WbxmlElement(Ns, "SyncKey", newKey.ToString(CultureInfo.InvariantCulture)));
        var withCount = new WbxmlElement(Ns, "Changes", new WbxmlElement(Ns, "Count", count.ToString(CultureInfo.InvariantCulture)));
        foreach (var c in changes.Children)
            withCount.Add(c);
        response.Add(withCount);
        return new EasResult.Document(response);
    }

    private static WbxmlElement Folder(string kind, FolderView.EasFolder f) => new(Ns, kind,
        new WbxmlElement(Ns, "ServerId", f.ServerId),
        new WbxmlElement(Ns, "ParentId", f.ParentId),
        new WbxmlElement(Ns, "DisplayName", f.DisplayName),
        new WbxmlElement(Ns, "Type", f.Type.ToString(CultureInfo.InvariantCulture)));

    private static EasResult Status(int status) => new EasResult.Document(
        new WbxmlElement(Ns, "FolderSync", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));

    /// MS-ASCMD 2.2.3.177.3: FolderSync Status values.
    internal static class FolderSyncStatus
    {
        internal const int ServerError = 6;
        internal const int InvalidSyncKey = 9;
        internal const int BadRequest = 10;
    }
}
