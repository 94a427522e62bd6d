using Bourse.Core.Ids;

namespace Bourse.Mailbox;

/// <summary>
/// One final recipient of a submission: the address, what happened, the RFC 3463 enhanced status code, and the item
/// created in the recipient's mailbox when delivered. Group members carry the group they were expanded from.
/// </summary>
public sealed record SubmissionRecipientResult(string Address, SubmissionRecipientStatus Status, string EnhancedStatusCode)
{
    public MailboxId? Mailbox { get; init; }
    public ItemId? ItemId { get; init; }
    public string? ExpandedFrom { get; init; }
    public bool IsDelivered => Status == SubmissionRecipientStatus.Delivered;
}
