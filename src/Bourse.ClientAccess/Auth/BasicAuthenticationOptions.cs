namespace Bourse.ClientAccess.Auth;

/// <summary>Basic authentication (RFC 7617), accepted over TLS only.</summary>
public sealed class BasicAuthenticationOptions
{
    /// <summary>Accept and offer Basic (where the protocol table allows it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The realm in the challenge; the request host when empty.</summary>
    public string? Realm { get; set; }
}
