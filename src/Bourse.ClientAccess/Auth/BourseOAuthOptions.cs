namespace Bourse.ClientAccess.Auth;

/// <summary>OAuth 2.0 bearer tokens (JWT) from an OpenID Connect issuer; off unless Authority or Audience is set.</summary>
public sealed class BourseOAuthOptions
{
    /// <summary>The issuer; its /.well-known/openid-configuration provides the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (our resource URL or client id).</summary>
    public string? Audience { get; set; }

    /// <summary>Explicit metadata address when it is not under the authority.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Refuse metadata over plain HTTP (keep on outside tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Claims, in order, whose value names the directory user (email, UPN or DOMAIN\user).</summary>
    public List<string> UserClaims { get; set; } = ["upn", "preferred_username", "email", "unique_name"];

    /// <summary>True when bearer tokens are accepted.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(Audience);
}
