using Bourse.Core.Ids;
using Bourse.Directory;

namespace Bourse.Mailbox;

/// <summary>Delivery into one mailbox: its owner, the status, and the created item when delivered.</summary>
public sealed record MailboxDeliveryResult(DirectoryUser User, DeliveryStatus Status, ItemId? ItemId)
{
    public MailboxId Mailbox => User.MailboxId;
}
