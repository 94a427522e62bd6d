namespace Bourse.ClientAccess.Routing;

/// <summary>
/// The mailbox an explicit-logon form of the request names. It is only ever checked against the authenticated user
/// (a user may reach only their own mailbox for now); it never chooses a back end by itself.
/// </summary>
/// <param name="Kind">Address or GUID.</param>
/// <param name="Value">The address as written (syntax-checked), or the GUID in "D" format.</param>
public sealed record MailboxTarget(MailboxTargetKind Kind, string Value);
