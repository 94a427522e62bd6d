using System.Security.Claims;
using Bourse.Core.Ids;

namespace Bourse.Autodiscover.Handlers;

// Who is asking: the mailbox and primary address of the authenticated user, as Client Access put them in the claims.
internal sealed record AutodiscoverCaller(MailboxId? Mailbox, string? Email)
{
    public static AutodiscoverCaller From(ClaimsPrincipal principal)
    {
        var mailboxClaim = principal.FindFirst(AutodiscoverClaimTypes.Mailbox)?.Value;
        MailboxId? mailbox = Guid.TryParse(mailboxClaim, out var g) ? new MailboxId(g) : null;
        return new AutodiscoverCaller(mailbox, principal.FindFirst(ClaimTypes.Email)?.Value);
    }
}
