namespace Bourse.Mailbox;

/// <summary>Whether a submission was accepted. Per-recipient failures do not fail the submission: they produce an NDR.</summary>
public enum SubmissionStatus
{
    /// <summary>Accepted: delivered where possible, saved when asked, failures reported by NDR.</summary>
    Submitted = 0,

    /// <summary>No recipient in the envelope or headers; nothing was written.</summary>
    NoRecipients = 1,

    /// <summary>Larger than the maximum message size; nothing was written.</summary>
    MessageTooLarge = 2,

    /// <summary>The sender's mailbox is at its ProhibitSend quota; nothing was written.</summary>
    SendQuotaExceeded = 3,

    /// <summary>The sender's mailbox could not be opened or created; nothing was written.</summary>
    SenderMailboxUnavailable = 4,
}
