using Bourse.ClientAccess.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Forms;

/// <summary>
/// Makes the OWA cookie part of the host's default authentication without replacing it: the default authenticate,
/// challenge and forbid schemes become <see cref="OwaFormsDefaults.SelectorScheme"/>, which forwards /owa requests
/// that carry no Authorization header to the cookie and everything else to the scheme that was the default before
/// (Client Access's "Bourse": Basic, NTLM, Negotiate, Bearer — bearer tokens therefore keep working for /owa).
/// </summary>
internal sealed class OwaAuthenticationSetup : IPostConfigureOptions<AuthenticationOptions>, IConfigureNamedOptions<PolicySchemeOptions>
{
    private string _fallback = OwaFormsDefaults.AuthenticationScheme;

    public void PostConfigure(string? name, AuthenticationOptions options)
    {
        var previous = options.DefaultAuthenticateScheme ?? options.DefaultScheme;
        if (previous is not null && previous != OwaFormsDefaults.SelectorScheme)
        {
            _fallback = previous;
        }
        options.DefaultAuthenticateScheme = OwaFormsDefaults.SelectorScheme;
        options.DefaultChallengeScheme = OwaFormsDefaults.SelectorScheme;
        options.DefaultForbidScheme = OwaFormsDefaults.SelectorScheme;
    }

    public void Configure(string? name, PolicySchemeOptions options)
    {
        if (name == OwaFormsDefaults.SelectorScheme)
        {
            options.ForwardDefaultSelector = Select;
        }
    }

    public void Configure(PolicySchemeOptions options) => Configure(Options.DefaultName, options);

    // /owa offers forms and bearer tokens only: any other Authorization header (Basic, NTLM …) is not a way in, so such a
    // request is treated like one without credentials and sent to the sign-in form (as Exchange's forms-based OWA does)
    // rather than answered with a 401 that offers nothing.
    private string Select(HttpContext context) =>
        ProtocolAuthPolicies.ForPath(context.Request.Path).Protocol == ClientAccessProtocol.Owa &&
        !context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? OwaFormsDefaults.AuthenticationScheme
            : _fallback;
}
