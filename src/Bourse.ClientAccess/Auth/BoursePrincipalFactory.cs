using System.Runtime.CompilerServices;
using System.Security.Claims;
using Bourse.Directory;

namespace Bourse.ClientAccess.Auth;

/// <summary>Builds the authenticated principal from the directory user.</summary>
internal static class BoursePrincipalFactory
{
    private static readonly string[] SharedMethods = [BourseAuthMethods.Basic, BourseAuthMethods.Ntlm, BourseAuthMethods.Negotiate, BourseAuthMethods.Bearer];

    // Principals for request sign-ins, kept with the (immutable) directory user object they were built from: the
    // directory's read cache hands out the same object until the user changes, so a change brings a new principal and
    // the entry goes when the directory drops the user. Like the principal NTLM keeps on a connection, it is shared by
    // the requests that sign in as that user and is only ever read.
    private static readonly ConditionalWeakTable<DirectoryUser, ClaimsPrincipal?[]> Shared = new();

    /// <summary>The principal for a request signed in by <paramref name="method"/>: built once per directory user object.</summary>
    public static ClaimsPrincipal ForRequest(DirectoryUser user, string method)
    {
        var index = Array.IndexOf(SharedMethods, method);
        if (index < 0)
        {
            return Create(user, method);
        }
        var principals = Shared.GetValue(user, static _ => new ClaimsPrincipal?[SharedMethods.Length]);
        var principal = Volatile.Read(ref principals[index]);
        if (principal is null)
        {
            // A race builds two equal principals; either serves.
            principal = Create(user, method);
            Volatile.Write(ref principals[index], principal);
        }
        return principal;
    }

    /// <summary>
    /// The claims the protocols read, and only those: a request principal is kept for as long as the directory keeps its user
    /// (and for the whole of a held request), so each claim costs memory per user. The mailbox id's text is built once and
    /// shared by its two claims; the addresses are the directory user's own strings. Database, legacyExchangeDN, UPN and
    /// display name are read from the directory user where needed, not carried here.
    /// </summary>
    public static ClaimsPrincipal Create(DirectoryUser user, string method)
    {
        var mailbox = user.MailboxId.ToString();
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, mailbox),
                new Claim(ClaimTypes.Name, user.PrimarySmtpAddress),
                new Claim(ClaimTypes.Email, user.PrimarySmtpAddress),
                new Claim(BourseClaimTypes.MailboxId, mailbox),
                new Claim(BourseClaimTypes.PrimarySmtpAddress, user.PrimarySmtpAddress),
                new Claim(BourseClaimTypes.AuthMethod, method),
            ],
            method,
            ClaimTypes.Name,
            ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }
}
