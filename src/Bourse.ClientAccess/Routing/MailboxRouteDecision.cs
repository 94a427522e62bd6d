namespace Bourse.ClientAccess.Routing;

/// <summary>Mailbox routing's decision for one request.</summary>
internal readonly record struct MailboxRouteDecision(MailboxRouteOutcome Outcome, string? Database, Uri? Backend, RouteRejection Rejection)
{
    public static MailboxRouteDecision Local(string? database) => new(MailboxRouteOutcome.Local, database, null, RouteRejection.None);

    public static MailboxRouteDecision Proxy(string database, Uri backend) => new(MailboxRouteOutcome.Proxy, database, backend, RouteRejection.None);

    public static MailboxRouteDecision Challenge() => new(MailboxRouteOutcome.Challenge, null, null, RouteRejection.None);

    public static MailboxRouteDecision Reject(RouteRejection reason) => new(MailboxRouteOutcome.Reject, null, null, reason);
}
