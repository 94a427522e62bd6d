using Bourse.ActiveSync.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.ActiveSync;

/// <summary>Maps /Microsoft-Server-ActiveSync.</summary>
public static class ActiveSyncEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps OPTIONS and POST on <c>/Microsoft-Server-ActiveSync</c> (and anything below it, as IIS does), both requiring an
    /// authenticated user; GET answers 405 with Allow like Exchange.
    /// </summary>
    public static IEndpointRouteBuilder MapBourseActiveSync(this IEndpointRouteBuilder endpoints)
    {
        foreach (var pattern in new[] { "/Microsoft-Server-ActiveSync", "/Microsoft-Server-ActiveSync/{**rest}" })
        {
            endpoints.MapMethods(pattern, ["OPTIONS"], (HttpContext c) => c.RequestServices.GetRequiredService<ActiveSyncEndpoint>().OptionsAsync(c))
                .RequireAuthorization().WithDisplayName("ActiveSync OPTIONS");
            endpoints.MapMethods(pattern, ["POST"], (HttpContext c) => c.RequestServices.GetRequiredService<ActiveSyncEndpoint>().PostAsync(c))
                .RequireAuthorization().WithDisplayName("ActiveSync command");
            endpoints.MapMethods(pattern, ["GET", "HEAD"], (HttpContext c) =>
                {
                    c.Response.Headers.Allow = "OPTIONS,POST";
                    c.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                    return Task.CompletedTask;
                })
                .RequireAuthorization().WithDisplayName("ActiveSync GET");
        }

        return endpoints;
    }
}
