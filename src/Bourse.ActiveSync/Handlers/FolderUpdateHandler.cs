using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// FolderUpdate (MS-ASCMD 2.2.1.6): renames a user folder and/or moves it under another visible folder (ParentId 0 = the
/// top of the hierarchy), answered with the next hierarchy SyncKey, whose snapshot already holds the change.
/// </summary>
internal sealed class FolderUpdateHandler(IMailStore store, EasStateStore state) : IEasCommandHandler
{
    private const string Ns = "FolderHierarchy";

    public EasCommand Command => EasCommand.FolderUpdate;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var (snapshot, status) = await FolderHierarchyState.LoadAsync(state, context, request.Element(Ns, "SyncKey")?.Text, ct);
        if (snapshot is null)
            return Status(status);

        var serverId = request.Element(Ns, "ServerId")?.Text;
        var parentText = request.Element(Ns, "ParentId")?.Text;
        var name = request.Element(Ns, "DisplayName")?.Text;
        // MS-ASCMD 2.2.1.6: ServerId, ParentId and DisplayName are all required.
        if (serverId is null || parentText is null || string.IsNullOrWhiteSpace(name))
            return Status(FolderHierarchyState.HierarchyStatus.BadRequest);

        var visible = await FolderView.LoadAsync(store, context.Mailbox, ct);
        if (FolderHierarchyState.Find(visible, serverId) is not { } target)
            return Status(UpdateStatus.NotFound);
        var folder = await store.GetFolderAsync(context.Mailbox, target.Id, ct);
        if (folder is null)
            return Status(UpdateStatus.NotFound);
        // MS-ASCMD 2.2.3.177.6: 2 also answers an update of a special folder (Inbox, Outbox, Contacts, Drafts …).
        if (folder.IsWellKnown)
            return Status(UpdateStatus.ExistsOrSpecial);

        FolderId newParent;
        if (parentText == "0")
        {
            if (await store.GetWellKnownFolderAsync(context.Mailbox, WellKnownFolder.IpmSubtree, ct) is not { } top)
                return Status(FolderHierarchyState.HierarchyStatus.ServerError);
            newParent = top.Id;
        }
        else if (FolderHierarchyState.Find(visible, parentText) is { } parentFolder)
        {
            newParent = parentFolder.Id;
        }
        else
        {
            // MS-ASCMD 2.2.3.177.6: 5, the parent folder was not found.
            return Status(UpdateStatus.ParentNotFound);
        }

        // Refuse a name clash in the destination before changing anything, so a refused update changes nothing.
        if (visible.Any(f => f.ParentId == parentText && f.ServerId != serverId && string.Equals(f.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
            return Status(UpdateStatus.ExistsOrSpecial);

        if (folder.ParentId != newParent)
        {
            var moved = await store.MoveFolderAsync(context.Mailbox, folder.Id, newParent, ct);
            if (!moved.IsSuccess)
                return Status(Map(moved.Error));
        }

        if (!string.Equals(folder.DisplayName, name, StringComparison.Ordinal))
        {
            var renamed = await store.UpdateFolderAsync(context.Mailbox, folder.Id, new FolderUpdate(name), ct);
            if (!renamed.IsSuccess)
                return Status(Map(renamed.Error));
        }

        var now = await FolderView.LoadAsync(store, context.Mailbox, ct);
        if (FolderHierarchyState.Find(now, serverId) is { } entry)
            snapshot.Set(entry);
        var newKey = await FolderHierarchyState.CommitAsync(state, context, snapshot, ct);
        return new EasResult.Document(new WbxmlElement(Ns, "FolderUpdate",
            new WbxmlElement(Ns, "Status", "1"),
            new WbxmlElement(Ns, "SyncKey", newKey.ToString(CultureInfo.InvariantCulture))));
    }

    private static int Map(StoreError error) => error switch
    {
        StoreError.AlreadyExists or StoreError.WellKnownFolderProtected => UpdateStatus.ExistsOrSpecial,
        StoreError.NotFound => UpdateStatus.NotFound,
        // A folder moved into itself or below itself: the request cannot be carried out as sent.
        StoreError.FolderCycle => FolderHierarchyState.HierarchyStatus.BadRequest,
        var e => FolderHierarchyState.ServerErrorFor(e),
    };

    private static EasResult Status(int status) => new EasResult.Document(
        new WbxmlElement(Ns, "FolderUpdate", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));

    /// MS-ASCMD 2.2.3.177.6: FolderUpdate Status values of its own (6, 9 and 10 are shared, in FolderHierarchyState).
    internal static class UpdateStatus
    {
        internal const int ExistsOrSpecial = 2;
        internal const int NotFound = 4;
        internal const int ParentNotFound = 5;
    }
}
