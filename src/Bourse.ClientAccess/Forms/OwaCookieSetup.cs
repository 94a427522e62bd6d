using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Forms;

/// <summary>The session cookie: Secure, HttpOnly, SameSite (Strict by default), Path=/owa, sliding idle expiry.</summary>
internal sealed class OwaCookieSetup(IOptions<BourseOwaOptions> owa, TimeProvider time) : IConfigureNamedOptions<CookieAuthenticationOptions>
{
    public void Configure(string? name, CookieAuthenticationOptions options)
    {
        if (name != OwaFormsDefaults.AuthenticationScheme)
        {
            return;
        }
        var settings = owa.Value;
        options.Cookie.Name = settings.CookieName;
        options.Cookie.Path = "/owa";
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Cookie.SameSite = settings.SameSite;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = settings.IdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = OwaFormsDefaults.LogonPath;
        options.LogoutPath = OwaFormsDefaults.LogoffPath;
        options.AccessDeniedPath = OwaFormsDefaults.LogonPath;
        options.ReturnUrlParameter = "url";
        options.EventsType = typeof(OwaCookieEvents);
        options.TimeProvider = time;
    }

    public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);
}
