namespace Bourse.Mailbox;

/// <summary>
/// Sending mail: the one service every protocol (EWS CreateItem/SendItem, EAS SendMail, MAPI submit, OWA, SMTP submission)
/// calls to send a message on behalf of an authenticated user.
/// </summary>
public interface ISubmission
{
    ValueTask<SubmissionResult> SubmitAsync(SubmitRequest request, CancellationToken ct = default);
}
