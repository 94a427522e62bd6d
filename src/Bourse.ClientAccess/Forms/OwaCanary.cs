using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Forms;

/// <summary>
/// Exchange's X-OWA-CANARY, made of ASP.NET Core anti-forgery tokens: the HttpOnly anti-forgery cookie holds the
/// cookie token; the script-readable X-OWA-CANARY cookie holds the request token (bound to the signed-in user), and the
/// page script echoes it in the X-OWA-CANARY header on every state-changing call. Another site can make the browser
/// send the cookies but cannot read the canary to put it in a header.
/// </summary>
internal static class OwaCanary
{
    private const string CheckedKey = "Bourse.OwaCanary.Checked";

    /// <summary>Sets the X-OWA-CANARY cookie for the user now on <see cref="HttpContext.User"/>.</summary>
    public static void Issue(HttpContext context)
    {
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(context);
        if (tokens.RequestToken is { } token)
        {
            context.Response.Cookies.Append(OwaFormsDefaults.CanaryName, token, CookieOptions(context, httpOnly: false));
        }
    }

    public static void Delete(HttpContext context)
    {
        context.Response.Cookies.Delete(OwaFormsDefaults.CanaryName, CookieOptions(context, httpOnly: false));
        var antiforgery = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        if (antiforgery.Cookie.Name is { } name)
        {
            context.Response.Cookies.Delete(name, CookieOptions(context, httpOnly: true));
        }
    }

    public static CookieOptions CookieOptions(HttpContext context, bool httpOnly) => new()
    {
        Path = "/owa",
        Secure = true,
        HttpOnly = httpOnly,
        SameSite = context.RequestServices.GetRequiredService<IOptions<BourseOwaOptions>>().Value.SameSite,
        IsEssential = true,
    };

    /// <summary>
    /// The check of <see cref="OwaCanaryEndpointConventionBuilderExtensions.RequireOwaCanary{TBuilder}"/>: safe methods pass
    /// (and get a canary if the browser lost it); a state-changing call of a forms session needs the right canary in the
    /// header, else 403. Bearer-token calls carry no ambient credential and need none.
    /// </summary>
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items.ContainsKey(CheckedKey))
        {
            await next(context);
            return;
        }
        context.Items[CheckedKey] = true;
        var user = context.User;
        var formsSession = user.Identity?.IsAuthenticated == true &&
            string.Equals(user.FindFirst(Auth.BourseClaimTypes.AuthMethod)?.Value, OwaFormsDefaults.AuthMethod, StringComparison.Ordinal);
        if (formsSession)
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            {
                if (!context.Request.Cookies.ContainsKey(OwaFormsDefaults.CanaryName))
                {
                    Issue(context);
                }
            }
            else
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                // Only the header counts, as in Exchange: another site can make the browser post a form, never add a header.
                if (!context.Request.Headers.ContainsKey(OwaFormsDefaults.CanaryName) || !await antiforgery.IsRequestValidAsync(context))
                {
                    var log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bourse.ClientAccess.Forms");
                    OwaFormsLog.CanaryRejected(log, OwaFormsDefaults.CanaryName, context.Connection.RemoteIpAddress?.ToString());
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }
            }
        }
        await next(context);
    }
}
