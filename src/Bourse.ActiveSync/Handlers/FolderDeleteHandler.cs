using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Core.Errors;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// FolderDelete (MS-ASCMD 2.2.1.4): deletes a user folder with its subfolders and items, answered with the next hierarchy
/// SyncKey, whose snapshot no longer holds them.
/// </summary>
internal sealed class FolderDeleteHandler(IMailStore store, EasStateStore state) : IEasCommandHandler
{
    private const string Ns = "FolderHierarchy";

    public EasCommand Command => EasCommand.FolderDelete;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var (snapshot, status) = await FolderHierarchyState.LoadAsync(state, context, request.Element(Ns, "SyncKey")?.Text, ct);
        if (snapshot is null)
            return Status(status);

        var serverId = request.Element(Ns, "ServerId")?.Text;
        if (serverId is null)
            return Status(FolderHierarchyState.HierarchyStatus.BadRequest);

        var visible = await FolderView.LoadAsync(store, context.Mailbox, ct);
        if (FolderHierarchyState.Find(visible, serverId) is not { } target)
            return Status(DeleteStatus.NotFound);
        var folder = await store.GetFolderAsync(context.Mailbox, target.Id, ct);
        if (folder is null)
            return Status(DeleteStatus.NotFound);
        // MS-ASCMD 2.2.3.177.4: 3, a special folder (Inbox, Outbox, Contacts, Drafts …) cannot be deleted by the client.
        if (folder.IsWellKnown)
            return Status(DeleteStatus.SpecialFolder);

        var deleted = await store.DeleteFolderAsync(context.Mailbox, folder.Id, ct);
        if (!deleted.IsSuccess)
        {
            return Status(deleted.Error switch
            {
                StoreError.WellKnownFolderProtected => DeleteStatus.SpecialFolder,
                StoreError.NotFound => DeleteStatus.NotFound,
                var e => FolderHierarchyState.ServerErrorFor(e),
            });
        }

        snapshot.RemoveSubtree(serverId);
        var newKey = await FolderHierarchyState.CommitAsync(state, context, snapshot, ct);
        return new EasResult.Document(new WbxmlElement(Ns, "FolderDelete",
            new WbxmlElement(Ns, "Status", "1"),
            new WbxmlElement(Ns, "SyncKey", newKey.ToString(CultureInfo.InvariantCulture))));
    }

    private static EasResult Status(int status) => new EasResult.Document(
        new WbxmlElement(Ns, "FolderDelete", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));

    /// MS-ASCMD 2.2.3.177.4: FolderDelete Status values of its own (6, 9 and 10 are shared, in FolderHierarchyState).
    internal static class DeleteStatus
    {
        internal const int SpecialFolder = 3;
        internal const int NotFound = 4;
    }
}
