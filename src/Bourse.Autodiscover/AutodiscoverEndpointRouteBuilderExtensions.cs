using Bourse.Autodiscover.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Bourse.Autodiscover;

/// <summary>Maps the Autodiscover endpoints.</summary>
public static class AutodiscoverEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps (paths match case-insensitively, as on IIS):
    /// <list type="bullet">
    /// <item><c>POST /autodiscover/autodiscover.xml</c> — POX, Outlook and mobilesync providers (authenticated);</item>
    /// <item><c>GET /autodiscover/autodiscover.xml</c> — over HTTPS: 401 challenge, or the 600 error document once signed in;
    /// over plain HTTP: the HTTP redirect method when <see cref="AutodiscoverOptions.HttpRedirect"/> is on;</item>
    /// <item><c>POST /autodiscover/autodiscover.svc</c> (and <c>/autodiscover.svc/WSSecurity</c>) — SOAP (authenticated);</item>
    /// <item><c>GET /autodiscover/autodiscover.json</c> and <c>/autodiscover/autodiscover.json/v1.0/{email}</c> — anonymous JSON v2.</item>
    /// </list>
    /// The endpoints allow anonymous access at the routing level and check <c>HttpContext.User</c> themselves, so an
    /// unauthenticated request always gets the challenge with <c>X-SOAP-Enabled: True</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapBourseAutodiscover(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/autodiscover/autodiscover.xml", PoxEndpoint.PostAsync).AllowAnonymous().WithDisplayName("Autodiscover POX");
        endpoints.MapGet("/autodiscover/autodiscover.xml", PoxEndpoint.GetAsync).AllowAnonymous().WithDisplayName("Autodiscover POX probe");
        endpoints.MapPost("/autodiscover/autodiscover.svc", SoapEndpoint.PostAsync).AllowAnonymous().WithDisplayName("Autodiscover SOAP");
        endpoints.MapPost("/autodiscover/autodiscover.svc/WSSecurity", SoapEndpoint.PostAsync).AllowAnonymous().WithDisplayName("Autodiscover SOAP (WSSecurity)");
        endpoints.MapGet("/autodiscover/autodiscover.json", JsonEndpoint.GetAsync).AllowAnonymous().WithDisplayName("Autodiscover JSON v2");
        endpoints.MapGet("/autodiscover/autodiscover.json/v1.0/{email}", JsonEndpoint.GetAsync).AllowAnonymous().WithDisplayName("Autodiscover JSON v2 (v1.0 path)");
        return endpoints;
    }
}
