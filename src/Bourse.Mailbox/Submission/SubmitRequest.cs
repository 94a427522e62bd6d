using Bourse.Directory;

namespace Bourse.Mailbox;

/// <summary>A message to send as <paramref name="Sender"/>, as RFC 5322 bytes.</summary>
/// <param name="Sender">The authenticated sender; the Sent Items copy and any non-delivery report go to this mailbox.</param>
/// <param name="Mime">The message as composed, stored byte-exact in Sent Items.</param>
public sealed record SubmitRequest(DirectoryUser Sender, ReadOnlyMemory<byte> Mime)
{
    /// <summary>The recipients (SMTP RCPT TO); null takes them from the To, Cc and Bcc headers.</summary>
    public IReadOnlyList<string>? EnvelopeRecipients { get; init; }

    /// <summary>Keep a copy in the sender's Sent Items (EWS SendAndSaveCopy, EAS SaveInSentItems).</summary>
    public bool SaveInSentItems { get; init; } = true;
}
