namespace Bourse.ClientAccess.Routing;

/// <summary>What mailbox routing does with a request.</summary>
internal enum MailboxRouteOutcome
{
    Local = 0,
    Proxy = 1,
    Challenge = 2,
    Reject = 3,
}
