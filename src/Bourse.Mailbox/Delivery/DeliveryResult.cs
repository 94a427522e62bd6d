using Bourse.Core.Ids;

namespace Bourse.Mailbox;

/// <summary>The outcome of delivering to one address: the overall status and, per mailbox it resolved to, what happened.</summary>
public sealed record DeliveryResult(string RecipientAddress, DeliveryStatus Status, IReadOnlyList<MailboxDeliveryResult> Mailboxes)
{
    public bool IsDelivered => Status == DeliveryStatus.Delivered;

    /// <summary>The items created, one per mailbox that received the message.</summary>
    public IReadOnlyList<ItemId> ItemIds => Mailboxes.Where(m => m.ItemId.HasValue).Select(m => m.ItemId!.Value).ToList();
}
