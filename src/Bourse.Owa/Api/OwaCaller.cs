using System.Security.Claims;
using Bourse.Core.Ids;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Api;

/// <summary>Who is calling: the signed-in user's mailbox, read from Client Access's claims.</summary>
internal static class OwaCaller
{
    // Bourse.ClientAccess.Auth.BourseClaimTypes (protocol projects do not reference Client Access).
    private const string MailboxClaim = "urn:bourse:mailbox-id";

    /// <summary>The caller's mailbox, or null when the principal carries none (never another user's).</summary>
    public static MailboxId? MailboxOf(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirst(MailboxClaim)?.Value, out var g) ? new MailboxId(g) : null;

    public static MailboxId? MailboxOf(HttpContext context) => MailboxOf(context.User);

    /// <summary>Runs the handler for the caller's mailbox; 403 when the principal carries none.</summary>
    public static async Task<IResult> WithMailbox(HttpContext context, Func<MailboxId, Task<IResult>> handler) =>
        MailboxOf(context) is { } mailbox ? await handler(mailbox) : OwaErrors.NoMailbox();
}
