using Bourse.ActiveSync.Mapping;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// Resolves an attachment's FileReference (ItemOperations Fetch, GetAttachment) in the caller's own mailbox only: the
/// reference names an item counter and an attachment number, both looked up in the signed-in user's mailbox, and the item
/// must be in a folder the device can see. A reference from another mailbox can therefore never reach that mailbox.
/// </summary>
internal static class ItemOperationsAttachments
{
    internal sealed record Content(Attachment Attachment, byte[] Bytes)
    {
        /// The attachment's media type, or application/octet-stream when what was stored is not one (it becomes an HTTP
        /// header and an AirSyncBase:ContentType, so nothing but "type/subtype" goes out).
        internal string ContentType =>
            MimeKit.ContentType.TryParse(Attachment.ContentType, out var type) ? type.MimeType : "application/octet-stream";
    }

    /// The attachment and its bytes, or null for a malformed reference, an unknown item or attachment, or an item outside
    /// the folders the device syncs.
    internal static async ValueTask<Content?> ReadAsync(IMailStore store, MailboxId mailbox, string? fileReference, CancellationToken ct)
    {
        if (!FileReferences.TryParse(fileReference, out var itemId, out var number))
            return null;
        var item = await store.GetItemAsync(mailbox, itemId, ct).ConfigureAwait(false);
        if (item is null || item.Attachments.FirstOrDefault(a => a.Number == number) is not { } attachment)
            return null;
        var visible = await FolderView.LoadAsync(store, mailbox, ct).ConfigureAwait(false);
        if (!visible.Any(f => f.Id == item.FolderId))
            return null;

        var stream = await store.OpenAttachmentAsync(mailbox, itemId, number, ct).ConfigureAwait(false);
        if (stream is null)
            return null;
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(attachment.Size is > 0 and < int.MaxValue ? (int)attachment.Size : 0);
            await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return new Content(attachment, buffer.ToArray());
        }
    }
}
