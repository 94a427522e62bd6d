using Bourse.Core.Ids;

namespace Bourse.Mailbox;

/// <summary>The outcome of a submission: its status, each final recipient's outcome, and the items it created for the sender.</summary>
public sealed record SubmissionResult(SubmissionStatus Status, IReadOnlyList<SubmissionRecipientResult> Recipients)
{
    public bool IsAccepted => Status == SubmissionStatus.Submitted;

    /// <summary>The copy in the sender's Sent Items, when saved.</summary>
    public ItemId? SentItemId { get; init; }

    /// <summary>The non-delivery report delivered to the sender's Inbox, when any recipient failed.</summary>
    public ItemId? NonDeliveryReportId { get; init; }
}
