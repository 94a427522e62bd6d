using Microsoft.AspNetCore.Builder;

namespace Bourse.ClientAccess.Forms;

/// <summary>Anti-forgery for the OWA API.</summary>
public static class OwaCanaryEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires Exchange's <c>X-OWA-CANARY</c> header (an ASP.NET Core anti-forgery request token, handed to the page as
    /// the X-OWA-CANARY cookie) on every state-changing request (POST, PUT, PATCH, DELETE …) of a forms-signed-in user:
    /// missing or wrong → 403. Apply to the /owa/service endpoints or their group; works for minimal-API handlers and
    /// plain request delegates alike. Safe requests pass and re-issue the canary cookie when the browser has none.
    /// </summary>
    public static TBuilder RequireOwaCanary<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate;
            if (inner is null)
            {
                return;
            }
            endpoint.RequestDelegate = context => OwaCanary.InvokeAsync(context, inner);
        });
        return builder;
    }
}
