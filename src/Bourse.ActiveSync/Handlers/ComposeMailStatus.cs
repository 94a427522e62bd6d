namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// The Status values SendMail, SmartReply and SmartForward answer with (MS-ASCMD 2.2.3.177.14 and 2.2.3.177.16 list none
/// of their own: every failure is one of the common codes of 2.2.2). A success has no body at all.
/// </summary>
internal static class ComposeMailStatus
{
    /// MS-ASCMD 2.2.2: 103 InvalidXML — the request does not follow the ComposeMail schema (no Mime, ClientId over 40).
    internal const int InvalidXml = 103;

    /// MS-ASCMD 2.2.2: 107 InvalidMIME — the message could not be read as RFC 5322.
    internal const int InvalidMime = 107;

    /// MS-ASCMD 2.2.2: 115 SendQuotaExceeded — the request would exceed the send quota (Exchange ProhibitSendQuota).
    internal const int SendQuotaExceeded = 115;

    /// MS-ASCMD 2.2.2: 118 MessagePreviouslySent — the ClientId was already used for a message this device sent.
    internal const int MessagePreviouslySent = 118;

    /// MS-ASCMD 2.2.2: 119 MessageHasNoRecipient.
    internal const int MessageHasNoRecipient = 119;

    /// MS-ASCMD 2.2.2: 120 MailSubmissionFailed — the server could not submit the message.
    internal const int MailSubmissionFailed = 120;

    /// MS-ASCMD 2.2.2: 122 AttachmentIsTooLarge — the nearest common code for a message (with its attachments) over the
    /// largest size the server accepts.
    internal const int AttachmentIsTooLarge = 122;

    /// MS-ASCMD 2.2.2: 130 AccessDenied — here, a From or Sender that is not the signed-in user.
    internal const int AccessDenied = 130;

    /// MS-ASCMD 2.2.2: 150 ItemNotFound — the Source of a SmartReply/SmartForward is not in the mailbox.
    internal const int ItemNotFound = 150;

    /// MS-ASCMD 2.2.2: 166 InvalidAccountId — the server publishes no other accounts (Settings AccountId), so any is unknown.
    internal const int InvalidAccountId = 166;
}
