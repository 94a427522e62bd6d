using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Bourse.ClientAccess.Health;

/// <summary>Maps the health endpoints.</summary>
public static class BourseHealthEndpointRouteBuilderExtensions
{
    private static readonly string[] Methods = ["GET", "HEAD"];

    /// <summary>
    /// Maps Exchange's Managed Availability checks, anonymous and case-insensitive: <c>/owa/healthcheck.htm</c>,
    /// <c>/ews/healthcheck.htm</c>, <c>/Microsoft-Server-ActiveSync/healthcheck.htm</c>, <c>/autodiscover/healthcheck.htm</c>
    /// and <c>/mapi/healthcheck.htm</c> answer <c>200 OK&lt;br/&gt;SERVERNAME</c> when the protocol is on and the probes
    /// that gate it (<see cref="IHealthProbe"/>) pass within the timeout, 503 otherwise. Requires
    /// <see cref="BourseHealthServiceCollectionExtensions.AddBourseHealthChecks"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapBourseHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("");
        foreach (var (path, protocol) in BourseHealthEndpoints.Checks)
        {
            group.MapMethods(path, Methods, BourseHealthEndpoints.Protocol(protocol)).WithDisplayName("Health " + path);
        }
        group.AllowAnonymous();
        return group;
    }

    /// <summary>
    /// Maps a liveness endpoint (200 "ok" when every probe passes, 503 "unavailable" otherwise), for hosts that do not
    /// already have one; <c>bourse serve</c> maps its own /healthz, which can switch to this to share the probes.
    /// </summary>
    public static IEndpointConventionBuilder MapBourseLivenessCheck(this IEndpointRouteBuilder endpoints, string pattern = "/healthz") =>
        endpoints.MapMethods(pattern, Methods, BourseHealthEndpoints.Liveness).AllowAnonymous().WithDisplayName("Liveness " + pattern);
}
