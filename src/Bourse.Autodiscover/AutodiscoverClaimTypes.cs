namespace Bourse.Autodiscover;

/// <summary>
/// The claims Autodiscover reads from the authenticated <see cref="System.Security.Claims.ClaimsPrincipal"/> that Client Access
/// signs in: <see cref="System.Security.Claims.ClaimTypes.Email"/> (primary SMTP address) and <see cref="Mailbox"/>.
/// </summary>
public static class AutodiscoverClaimTypes
{
    /// <summary>The signed-in user's mailbox GUID ("D" format); the same claim type Client Access issues.</summary>
    public const string Mailbox = "urn:bourse:mailbox-id";
}
