using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Forms;

/// <summary>The OWA forms sign-in, bound from configuration section "Bourse:Owa".</summary>
public sealed class BourseOwaOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bourse:Owa";

    /// <summary>
    /// The server's data directory: the data-protection keys that encrypt session cookies are kept in its
    /// <c>keys/data-protection</c> folder, so sessions survive a restart.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Where the data-protection keys are kept; overrides <see cref="DataDirectory"/>. Nodes behind one load balancer must
    /// share this folder (or one key ring) so that any node can read a session cookie another issued.
    /// </summary>
    public string? KeysDirectory { get; set; }

    /// <summary>The session ends after this long without a request (sliding expiration); 8 hours by default.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often a session's user is checked again in the directory (disabled or removed users are signed out).</summary>
    public TimeSpan RevalidateInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The session cookie's name.</summary>
    public string CookieName { get; set; } = ".Bourse.Owa";

    /// <summary>
    /// SameSite of the session and canary cookies: Strict by default (the sign-in, its redirect and every API call are
    /// same-site); Lax keeps a session for links followed from other sites.
    /// </summary>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Strict;

    /// <summary>The folder holding the data-protection keys, or null for ASP.NET Core's default key location.</summary>
    public string? ResolveKeysDirectory() =>
        !string.IsNullOrWhiteSpace(KeysDirectory) ? KeysDirectory
        : !string.IsNullOrWhiteSpace(DataDirectory) ? Path.Combine(DataDirectory, "keys", "data-protection")
        : null;
}
