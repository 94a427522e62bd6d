using Microsoft.AspNetCore.Authentication;

namespace Bourse.ClientAccess.Auth;

/// <summary>Client Access authentication, bound from configuration section "Bourse:Authentication".</summary>
public sealed class BourseAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bourse:Authentication";

    public BasicAuthenticationOptions Basic { get; set; } = new();

    public NtlmAuthenticationOptions Ntlm { get; set; } = new();

    public BourseOAuthOptions OAuth { get; set; } = new();
}
