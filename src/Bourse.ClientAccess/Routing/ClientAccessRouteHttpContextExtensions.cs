using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Routing;

/// <summary>Reads the canonical route of a request.</summary>
public static class ClientAccessRouteHttpContextExtensions
{
    /// <summary>The route <c>UseBourseRouting()</c> stored, or null when the request was not routed by it.</summary>
    public static ClientAccessRoute? GetClientAccessRoute(this HttpContext context) => context.Features.Get<ClientAccessRoute>();
}
