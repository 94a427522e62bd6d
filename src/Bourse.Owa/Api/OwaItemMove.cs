using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Api;

/// <summary>A PUT that names a folder (docs/owa-api.md: an event or contact may move to another calendar or contacts folder).</summary>
internal static class OwaItemMove
{
    /// <summary>
    /// Moves the just updated item into the folder <paramref name="lookup"/> found when it is elsewhere. Null when it is
    /// already there (the caller answers with the update); otherwise the answer: the lookup's error, the move's failure,
    /// or the item read again after the move.
    /// </summary>
    public static async Task<IResult?> IntoNamedFolderAsync(IMailStore store, MailboxId mailbox, Item updated,
        Task<(Folder? Folder, IResult? Error)> lookup, Func<StoreError, IResult> fromStore, Func<Task<IResult>> readAgain, CancellationToken ct)
    {
        var (folder, error) = await lookup;
        if (folder is null)
            return error!;
        if (folder.Id == updated.FolderId)
            return null;
        var moved = await store.MoveItemsAsync(mailbox, [updated.Id], folder.Id, ct);
        return moved[0].IsSuccess ? await readAgain() : fromStore(moved[0].Error);
    }
}
