namespace Bourse.Mailbox;

/// <summary>What happened to one final recipient of a submission. Every status but Delivered is listed in the NDR.</summary>
public enum SubmissionRecipientStatus
{
    Delivered = 0,

    /// <summary>In one of our accepted domains but unknown (5.1.1 RESOLVER.ADR.RecipNotFound).</summary>
    RecipientNotFound = 1,

    /// <summary>Outside our domains and there is no send connector to route it (5.4.1).</summary>
    NoRoute = 2,

    /// <summary>The recipient's mailbox is at its ProhibitReceive quota (5.2.2).</summary>
    MailboxFull = 3,

    /// <summary>Not a valid address (5.1.3).</summary>
    InvalidAddress = 4,

    /// <summary>Too large for the recipient (5.3.4).</summary>
    MessageTooLarge = 5,

    /// <summary>The recipient's mailbox could not take the message (5.2.0).</summary>
    MailboxUnavailable = 6,
}
