using Bourse.Core.Ids;

namespace Bourse.Owa.Mail;

/// <summary>
/// The API's opaque ids (StoreIds) checked against the caller's mailbox: an id that is malformed, of the wrong kind or of
/// another mailbox decodes to nothing, and the endpoint answers 404 NotFound exactly as for a missing object.
/// </summary>
internal static class OwaMailIds
{
    public static bool TryItem(MailboxId mailbox, string? id, out ItemId item) =>
        StoreIds.TryDecodeItem(id, out var owner, out item) && owner == mailbox;

    public static bool TryFolder(MailboxId mailbox, string? id, out FolderId folder) =>
        StoreIds.TryDecodeFolder(id, out var owner, out folder) && owner == mailbox;

    public static string Of(MailboxId mailbox, ItemId item) => StoreIds.Encode(mailbox, item);

    public static string Of(MailboxId mailbox, FolderId folder) => StoreIds.Encode(mailbox, folder);
}
