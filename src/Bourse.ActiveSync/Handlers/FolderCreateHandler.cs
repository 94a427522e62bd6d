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
/// FolderCreate (MS-ASCMD 2.2.1.3): a user folder of a given type under a visible folder (ParentId 0 = the top of the
/// hierarchy), answered with its ServerId and the next hierarchy SyncKey, whose snapshot already holds the new folder.
/// </summary>
internal sealed class FolderCreateHandler(IMailStore store, EasStateStore state) : IEasCommandHandler
{
    private const string Ns = "FolderHierarchy";

    public EasCommand Command => EasCommand.FolderCreate;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var (snapshot, status) = await FolderHierarchyState.LoadAsync(state, context, request.Element(Ns, "SyncKey")?.Text, ct);
        if (snapshot is null)
            return Status(status);

        var parentText = request.Element(Ns, "ParentId")?.Text;
        var name = request.Element(Ns, "DisplayName")?.Text;
        var typeText = request.Element(Ns, "Type")?.Text;
        // MS-ASCMD 2.2.3.186.2: a client creates only user folders: 1 (generic) and 12–17 (mail, calendar, contacts, tasks,
        // journal, notes); anything else, or a missing or blank part, is a malformed request (10).
        if (parentText is null || string.IsNullOrWhiteSpace(name) ||
            !int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var type) ||
            FolderView.ContainerClassOf(type) is not { } containerClass)
        {
            return Status(FolderHierarchyState.HierarchyStatus.BadRequest);
        }

        var visible = await FolderView.LoadAsync(store, context.Mailbox, ct);
        FolderId parent;
        if (parentText == "0")
        {
            if (await store.GetWellKnownFolderAsync(context.Mailbox, WellKnownFolder.IpmSubtree, ct) is not { } top)
                return Status(FolderHierarchyState.HierarchyStatus.ServerError);
            parent = top.Id;
        }
        else if (FolderHierarchyState.Find(visible, parentText) is { } parentFolder)
        {
            parent = parentFolder.Id;
        }
        else
        {
            // MS-ASCMD 2.2.3.177.3: 5, the parent folder does not exist (for this device: is not in its hierarchy).
            return Status(CreateStatus.ParentNotFound);
        }

        var created = await store.CreateFolderAsync(context.Mailbox, parent, name, containerClass, ct: ct);
        if (!created.IsSuccess)
        {
            return Status(created.Error switch
            {
                // MS-ASCMD 2.2.3.177.3: 2, the parent already has a folder of this name.
                StoreError.AlreadyExists => CreateStatus.AlreadyExists,
                StoreError.NotFound => CreateStatus.ParentNotFound,
                var e => FolderHierarchyState.ServerErrorFor(e),
            });
        }

        var serverId = FolderView.ServerId(created.Value.Id);
        var now = await FolderView.LoadAsync(store, context.Mailbox, ct);
        if (FolderHierarchyState.Find(now, serverId) is { } entry)
            snapshot.Set(entry);
        var newKey = await FolderHierarchyState.CommitAsync(state, context, snapshot, ct);
        return new EasResult.Document(new WbxmlElement(Ns, "FolderCreate",
            new WbxmlElement(Ns, "Status", "1"),
            new WbxmlElement(Ns, "SyncKey", newKey.ToString(CultureInfo.InvariantCulture)),
            new WbxmlElement(Ns, "ServerId", serverId)));
    }

    private static EasResult Status(int status) => new EasResult.Document(
        new WbxmlElement(Ns, "FolderCreate", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));

    /// MS-ASCMD 2.2.3.177.3: FolderCreate Status values of its own (6, 9 and 10 are shared, in FolderHierarchyState).
    internal static class CreateStatus
    {
        internal const int AlreadyExists = 2;
        internal const int ParentNotFound = 5;
    }
}
