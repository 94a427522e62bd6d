using Microsoft.AspNetCore.Authentication;

namespace Bourse.ClientAccess.Auth;

/// <summary>Client Access authentication, bound from configuration section "Bourse:Authentication".</summary>
public sealed class BourseAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bourse:Authentication";

    /// <summary>Section "Basic".</summary>
    public BasicAuthenticationOptions Basic { get; set; } = new();

    /// <summary>Section "Ntlm" (NTLM and Negotiate).</summary>
    public NtlmAuthenticationOptions Ntlm { get; set; } = new();

    /// <summary>Section "OAuth".</summary>
    public BourseOAuthOptions OAuth { get; set; } = new();
}
