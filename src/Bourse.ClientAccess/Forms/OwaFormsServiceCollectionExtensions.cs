using Bourse.ClientAccess.Throttling;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Forms;

/// <summary>Registers the Outlook on the web forms sign-in.</summary>
public static class OwaFormsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the OWA forms sign-in bound from "Bourse:Owa": the session cookie scheme, a default-scheme selector that
    /// sends /owa requests to it (other paths keep the previous default, e.g. <c>AddBourseAuthentication</c>'s), data
    /// protection with keys under <see cref="BourseOwaOptions.DataDirectory"/>, and anti-forgery with Exchange's
    /// X-OWA-CANARY header. Sign-ins share the lockout of "Bourse:Throttling". The host registers an <c>IDirectory</c>.
    /// </summary>
    public static AuthenticationBuilder AddBourseFormsSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BourseOwaOptions>().Bind(configuration.GetSection(BourseOwaOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddTransient<OwaCookieEvents>();

        services.AddDataProtection().SetApplicationName("Bourse");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KeyManagementOptions>, OwaKeyRingSetup>());

        services.AddAntiforgery(o =>
        {
            o.HeaderName = OwaFormsDefaults.CanaryName;
            o.FormFieldName = OwaFormsDefaults.FormTokenField;
            o.Cookie.Name = ".Bourse.Owa.Antiforgery";
            o.Cookie.Path = "/owa";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        var setup = new OwaAuthenticationSetup();
        services.AddSingleton<IPostConfigureOptions<AuthenticationOptions>>(setup);
        services.AddSingleton<IConfigureOptions<PolicySchemeOptions>>(setup);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CookieAuthenticationOptions>, OwaCookieSetup>());

        var builder = services.AddAuthentication();
        builder.AddCookie(OwaFormsDefaults.AuthenticationScheme);
        builder.AddPolicyScheme(OwaFormsDefaults.SelectorScheme, "Bourse (OWA forms or protocol)", _ => { });
        return builder;
    }
}
