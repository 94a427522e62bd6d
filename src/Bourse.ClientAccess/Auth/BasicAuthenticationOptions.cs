namespace Bourse.ClientAccess.Auth;

/// <summary>Basic authentication (RFC 7617), accepted over TLS only.</summary>
public sealed class BasicAuthenticationOptions
{
    /// <summary>Accept and offer Basic (where the protocol table allows it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The realm in the challenge; the request host when empty.</summary>
    public string? Realm { get; set; }

    /// <summary>
    /// How long a verified login and password are remembered (in memory, as a keyed hash) so repeated Basic requests skip
    /// the slow password hash, as IIS's token cache does; a password changed meanwhile still works here until then.
    /// Zero turns the cache off.
    /// </summary>
    public TimeSpan CredentialCacheDuration { get; set; } = TimeSpan.FromMinutes(2);
}
