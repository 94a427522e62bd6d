using Bourse.Owa.Calendar;
using Bourse.Owa.Events;
using Bourse.Owa.Mail;
using Bourse.Owa.People;
using Bourse.Owa.Settings;
using Bourse.Owa.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.Owa;

/// <summary>Maps Outlook on the web.</summary>
public static class OwaEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the JSON API under <c>/owa/service</c> and returns its group, to which the host adds authorization and the
    /// X-OWA-CANARY check (Client Access's <c>RequireOwaCanary</c>), so that no API endpoint exists without them.
    /// </summary>
    public static RouteGroupBuilder MapBourseOwaApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/owa/service");
        OwaMailEndpoints.Map(api);
        OwaCalendarEndpoints.Map(api);
        OwaPeopleEndpoints.Map(api);
        OwaSettingsEndpoints.Map(api);
        OwaEventsEndpoints.Map(api);
        // Anything else under /owa/service is an unknown call: a JSON 404, not the web client's page.
        api.Map("/{**rest}", () => Api.OwaErrors.Result(StatusCodes.Status404NotFound, "UnknownCall", "There is no such call."));
        return api;
    }

    /// <summary>
    /// Maps the browser client's start page (<c>GET /owa</c>, returned for the host to require a session) and its hashed
    /// assets (<c>GET /owa/assets/…</c>, anonymous, cached for a year since their names change with their content).
    /// </summary>
    public static IEndpointConventionBuilder MapBourseOwaWebClient(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/owa/assets/{**path}", ["GET", "HEAD"], (HttpContext c, string path) =>
            c.RequestServices.GetRequiredService<OwaWebClient>().ServeAssetAsync(c, path)).AllowAnonymous();
        return endpoints.MapMethods("/owa", ["GET", "HEAD"], (HttpContext c) =>
            c.RequestServices.GetRequiredService<OwaWebClient>().ServeStartPageAsync(c));
    }
}
