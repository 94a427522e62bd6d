using System.Security.Claims;
using Bourse.Core.Ids;

namespace Bourse.ClientAccess.Auth;

/// <summary>Reads the directory identity back from an authenticated principal.</summary>
public static class BourseClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's mailbox, or null when the principal is not a Bourse sign-in.</summary>
    public static MailboxId? GetMailboxId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(BourseClaimTypes.MailboxId)?.Value, out var id) ? new MailboxId(id) : null;

    /// <summary>The authenticated user's primary SMTP address, or null.</summary>
    public static string? GetPrimarySmtpAddress(this ClaimsPrincipal principal) => principal.FindFirst(BourseClaimTypes.PrimarySmtpAddress)?.Value;

    /// <summary>How the user signed in (see <see cref="BourseAuthMethods"/>), or null.</summary>
    public static string? GetAuthMethod(this ClaimsPrincipal principal) => principal.FindFirst(BourseClaimTypes.AuthMethod)?.Value;
}
