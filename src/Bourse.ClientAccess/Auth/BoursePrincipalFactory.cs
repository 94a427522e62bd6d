using System.Security.Claims;
using Bourse.Directory;

namespace Bourse.ClientAccess.Auth;

/// <summary>Builds the authenticated principal from the directory user.</summary>
internal static class BoursePrincipalFactory
{
    public static ClaimsPrincipal Create(DirectoryUser user, string method)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.MailboxId.ToString()),
                new Claim(ClaimTypes.Name, user.PrimarySmtpAddress),
                new Claim(ClaimTypes.Email, user.PrimarySmtpAddress),
                new Claim(ClaimTypes.Upn, user.UserPrincipalName),
                new Claim(BourseClaimTypes.MailboxId, user.MailboxId.ToString()),
                new Claim(BourseClaimTypes.PrimarySmtpAddress, user.PrimarySmtpAddress),
                new Claim(BourseClaimTypes.Database, user.Database),
                new Claim(BourseClaimTypes.LegacyExchangeDn, user.LegacyExchangeDn),
                new Claim(BourseClaimTypes.AuthMethod, method),
            ],
            method,
            ClaimTypes.Name,
            ClaimTypes.Role);
        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        }
        return new ClaimsPrincipal(identity);
    }
}
