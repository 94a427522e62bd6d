namespace Bourse.Mailbox;

/// <summary>
/// The one place that turns a failed recipient into what an NDR says: RFC 3463 enhanced status code, the RFC 3464
/// Diagnostic-Code (in Exchange's wording), and the sentence shown to the user.
/// </summary>
internal static class DeliveryFailureCodes
{
    internal sealed record Code(string Status, string Diagnostic, string Explanation);

    public static Code For(SubmissionRecipientStatus status) => status switch
    {
        SubmissionRecipientStatus.RecipientNotFound => new("5.1.1", "smtp; 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",
            "The email address you entered couldn't be found. Please check the recipient's email address and try to resend the message."),
        SubmissionRecipientStatus.NoRoute => new("5.4.1", "smtp; 550 5.4.1 Recipient address rejected: Access denied",
            "Your message couldn't be delivered. The recipient's domain isn't hosted by this organization and there is no route to deliver it outside."),
        SubmissionRecipientStatus.MailboxFull => new("5.2.2", "smtp; 554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException",
            "The recipient's mailbox is full and can't accept messages now. Please try resending this message later, or contact the recipient directly."),
        SubmissionRecipientStatus.InvalidAddress => new("5.1.3", "smtp; 501 5.1.3 Invalid address",
            "The address isn't a valid email address. Please check the address and try to resend the message."),
        SubmissionRecipientStatus.MessageTooLarge => new("5.3.4", "smtp; 552 5.3.4 Message size exceeds fixed maximum message size",
            "Your message is too big to be delivered to this recipient."),
        SubmissionRecipientStatus.MailboxUnavailable => new("5.2.0", "smtp; 550 5.2.0 STOREDRV.Deliver; mailbox unavailable",
            "The recipient's mailbox couldn't accept the message."),
        _ => new("2.0.0", "smtp; 250 2.0.0 OK", "Delivered."),
    };
}
