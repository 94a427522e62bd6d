using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Routing;

/// <summary>First stage: canonicalizes the raw request target once, refuses what is ambiguous, stores the route.</summary>
internal sealed class ClientAccessRouteMiddleware(RequestDelegate next, ILogger<ClientAccessRouteMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        // Kestrel's Request.Path is already decoded and dot-segment-normalized, which would hide exactly the tricks we
        // must refuse (%2e%2e, %2f …): work from the target as the client sent it.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = context.Request.GetEncodedPathAndQuery();
        }
        var result = PathCanonicalizer.Canonicalize(raw);
        if (!result.IsSuccess)
        {
            RoutingLog.Rejected(logger, (int)result.Rejection, result.Rejection, context.Connection.RemoteIpAddress?.ToString(), RoutingLog.Sanitize(raw));
            return RouteRejectionResponder.WriteAsync(context, result.Rejection);
        }
        context.Request.Path = result.Path;
        context.Features.Set(new ClientAccessRoute(result.Protocol, result.Kind, result.Path, result.Target));
        return next(context);
    }
}
