namespace Bourse.ClientAccess.Auth.Spnego;

/// <summary>RFC 4178 4.2.2 negState.</summary>
internal enum SpnegoNegState
{
    AcceptCompleted = 0,
    AcceptIncomplete = 1,
    Reject = 2,
    RequestMic = 3,
}
