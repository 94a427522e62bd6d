using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Api;

/// <summary>
/// The API's opaque ids (StoreIds) checked against the caller's mailbox: an id that is malformed, of the wrong kind or of
/// another mailbox decodes to nothing, and the endpoint answers 404 NotFound exactly as for a missing object.
/// </summary>
internal static class OwaIds
{
    public static bool TryItem(MailboxId mailbox, string? id, out ItemId item) =>
        StoreIds.TryDecodeItem(id, out var owner, out item) && owner == mailbox;

    public static bool TryFolder(MailboxId mailbox, string? id, out FolderId folder) =>
        StoreIds.TryDecodeFolder(id, out var owner, out folder) && owner == mailbox;

    public static string Of(MailboxId mailbox, ItemId item) => StoreIds.Encode(mailbox, item);

    public static string Of(MailboxId mailbox, FolderId folder) => StoreIds.Encode(mailbox, folder);

    /// <summary>The item with this id in the caller's mailbox, or null (malformed, another mailbox's, missing).</summary>
    public static async Task<Item?> ItemAsync(IMailStore store, MailboxId mailbox, string? id, CancellationToken ct) =>
        TryItem(mailbox, id, out var itemId) ? await store.GetItemAsync(mailbox, itemId, ct) : null;

    /// <summary>The item with this id in the caller's mailbox when it is of the kind asked for, or null.</summary>
    public static async Task<Item?> ItemAsync(IMailStore store, MailboxId mailbox, string? id, Func<Item, bool> isKind, CancellationToken ct) =>
        await ItemAsync(store, mailbox, id, ct) is { } item && isKind(item) ? item : null;

    /// <summary>
    /// The folder named, or the mailbox's <paramref name="fallback"/> folder when none is: a folder not of the kind asked
    /// for is 400 InvalidValue (<paramref name="notKindMessage"/>), one that is malformed, missing or another mailbox's is NotFound.
    /// </summary>
    public static async Task<(Folder? Folder, IResult? Error)> FolderOrDefaultAsync(IMailStore store, MailboxId mailbox, string? folderId,
        WellKnownFolder fallback, Func<Folder, bool> isKind, string notKindMessage, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(folderId))
        {
            var wellKnown = await store.GetWellKnownFolderAsync(mailbox, fallback, ct);
            return wellKnown is null ? (null, OwaErrors.NotFound()) : (wellKnown, null);
        }

        if (!TryFolder(mailbox, folderId, out var id) || await store.GetFolderAsync(mailbox, id, ct) is not { } folder)
            return (null, OwaErrors.NotFound());
        return isKind(folder) ? (folder, null) : (null, OwaErrors.BadRequest("InvalidValue", notKindMessage));
    }
}
