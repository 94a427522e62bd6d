namespace Bourse.Mailbox;

/// <summary>Why a local delivery did or did not happen. Stable codes; SMTP and submission map them to replies/NDRs in one place.</summary>
public enum DeliveryStatus
{
    /// <summary>Stored in the Inbox.</summary>
    Delivered = 0,

    /// <summary>The address is in an accepted domain but nothing in the directory has it (RFC 3463 5.1.1).</summary>
    RecipientNotFound = 1,

    /// <summary>The address is not in one of our accepted domains (RFC 3463 5.7.1 / 5.4.1).</summary>
    DomainNotAccepted = 2,

    /// <summary>Larger than <see cref="MailDeliveryOptions.MaxMessageBytes"/> (RFC 3463 5.3.4); nothing was written.</summary>
    MessageTooLarge = 3,

    /// <summary>The mailbox is at its ProhibitReceive quota (RFC 3463 5.2.2); nothing was written.</summary>
    QuotaExceeded = 4,

    /// <summary>A group: some members received it, some did not (see the per-mailbox results).</summary>
    PartiallyDelivered = 5,

    /// <summary>The store could not take the message now (transient, RFC 3463 4.2.0).</summary>
    MailboxUnavailable = 6,

    /// <summary>Not a syntactically valid address (RFC 3463 5.1.3).</summary>
    InvalidAddress = 7,
}
