using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bourse.Autodiscover;

/// <summary>
/// The 401 side of Autodiscover. Exchange marks every 401 on <c>/autodiscover</c> with <c>X-SOAP-Enabled: True</c>, which
/// tells EWS clients (the EWS Managed API, ews-javascript-api) that SOAP Autodiscover exists at this host, so they use
/// <c>autodiscover.svc</c> instead of falling back to POX. Client Access answers unauthenticated requests with its
/// challenges; it should call <see cref="AddSoapEnabledHeader"/> (or install <see cref="UseAutodiscoverSoapEnabledHeader"/>
/// once, before authentication) so those 401s carry the header too.
/// </summary>
public static class AutodiscoverChallenge
{
    /// <summary>The header name.</summary>
    public const string SoapEnabledHeader = "X-SOAP-Enabled";

    /// <summary>True for <c>/autodiscover</c> and everything below it, case-insensitively.</summary>
    public static bool IsAutodiscoverPath(PathString path) =>
        path.StartsWithSegments("/autodiscover", StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds <c>X-SOAP-Enabled: True</c> to a response (call it for 401s on Autodiscover paths).</summary>
    public static void AddSoapEnabledHeader(HttpResponse response) => response.Headers[SoapEnabledHeader] = "True";

    /// <summary>
    /// Middleware: every 401 sent for an <c>/autodiscover</c> path carries <c>X-SOAP-Enabled: True</c>, whoever produced it.
    /// </summary>
    public static IApplicationBuilder UseAutodiscoverSoapEnabledHeader(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        if (IsAutodiscoverPath(context.Request.Path))
        {
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                if (response.StatusCode == StatusCodes.Status401Unauthorized)
                    AddSoapEnabledHeader(response);
                return Task.CompletedTask;
            }, context.Response);
        }

        return next(context);
    });

    /// <summary>
    /// Answers an unauthenticated request with the default challenge (the authentication handlers' WWW-Authenticate)
    /// and <c>X-SOAP-Enabled: True</c>; a plain 401 when no authentication is registered.
    /// </summary>
    public static async Task ChallengeAsync(HttpContext context)
    {
        AddSoapEnabledHeader(context.Response);
        var schemes = context.RequestServices.GetService(typeof(IAuthenticationSchemeProvider)) as IAuthenticationSchemeProvider;
        if (schemes is not null && await schemes.GetDefaultChallengeSchemeAsync() is not null)
        {
            await context.ChallengeAsync();
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }
}
