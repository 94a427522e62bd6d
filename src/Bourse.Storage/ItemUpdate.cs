using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Storage;

/// <summary>
/// A change to an existing item made as one write (<see cref="IMailStore.UpdateItemAsync(Bourse.Core.Ids.MailboxId, Bourse.Core.Ids.ItemId, ItemUpdate, long?, CancellationToken)"/>):
/// its properties, its whole recipient table, and attachments added and removed.
/// </summary>
/// <remarks>
/// An item whose recipients or attachments are changed no longer matches the MIME it arrived or was sent with, so the
/// store drops that MIME (<see cref="Item.HasMime"/> becomes false) and readers render the item from its properties,
/// recipients and attachments. A change of properties alone keeps the MIME, as the property-only update does.
/// </remarks>
public sealed record ItemUpdate
{
    /// <summary>Properties to set or remove; null leaves them as they are.</summary>
    public PropertyChanges? Properties { get; init; }

    /// <summary>
    /// The new recipient table, replacing every stored row, in this order; null leaves the table unchanged, an empty list
    /// removes every row. A caller replacing some rows only (the To rows of a draft) reads the item, keeps the others,
    /// and passes the change number it read as the expected one.
    /// </summary>
    public IReadOnlyList<Recipient>? ReplaceRecipients { get; init; }

    /// <summary>
    /// Attachments to add. They take attachment numbers above every attachment the item had before this update, in
    /// this order, so they are the last <c>AddAttachments.Count</c> rows of the returned item's attachment table.
    /// </summary>
    public IReadOnlyList<NewAttachment> AddAttachments { get; init; } = [];

    /// <summary>PidTagAttachNumber of attachments to remove; a number the item does not have is NotFound.</summary>
    public IReadOnlyList<int> RemoveAttachments { get; init; } = [];

    /// <summary>True when the update touches the recipient table or the attachments (and so drops the item's MIME).</summary>
    public bool ChangesRecipientsOrAttachments => ReplaceRecipients is not null || AddAttachments.Count > 0 || RemoveAttachments.Count > 0;
}
