using System.Security.Claims;
using Bourse.Core.Ids;

namespace Bourse.ActiveSync.Http;

/// Who is asking: the mailbox Client Access authenticated (its claims; ActiveSync does not reference Client Access).
internal static class EasCaller
{
    // Bourse.ClientAccess.Auth.BourseClaimTypes.MailboxId.
    private const string MailboxClaim = "urn:bourse:mailbox-id";

    internal static MailboxId? MailboxOf(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirst(MailboxClaim)?.Value, out var g) ? new MailboxId(g) : null;
}
