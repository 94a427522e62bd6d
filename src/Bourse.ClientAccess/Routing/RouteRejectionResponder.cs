using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Routing;

/// <summary>The one place that turns a rejection into an answer. Bodies are empty: attacker input is never echoed.</summary>
internal static class RouteRejectionResponder
{
    public static int StatusCodeFor(RouteRejection reason) => reason switch
    {
        // RFC 9110 15.5.1: a target that is not syntactically a request target is a client error.
        RouteRejection.MalformedTarget or RouteRejection.MalformedPercentEncoding => StatusCodes.Status400BadRequest,
        // Exchange/IIS answer a mailbox the caller may not open with 403 (access denied).
        RouteRejection.AnotherMailbox or RouteRejection.ForgedIdentity or RouteRejection.UnknownMailbox => StatusCodes.Status403Forbidden,
        // RFC 9110 15.5.20: 421 tells the sender this server is not the one for the request.
        RouteRejection.Misdirected => StatusCodes.Status421MisdirectedRequest,
        // RFC 9110 15.6.4: the mailbox's server is not reachable through configuration, a server-side condition.
        RouteRejection.NoBackend => StatusCodes.Status503ServiceUnavailable,
        // IIS request filtering answers filtered URLs with 404 (404.5, 404.11, 404.12, 404.14, 404.18): reveal nothing.
        _ => StatusCodes.Status404NotFound,
    };

    public static Task WriteAsync(HttpContext context, RouteRejection reason)
    {
        var response = context.Response;
        response.StatusCode = StatusCodeFor(reason);
        response.ContentLength = 0;
        // Never let an HTTP/1.x connection that sent a malformed target be reused (RFC 9112 9.6); HTTP/2 forbids the header.
        if (response.StatusCode is StatusCodes.Status400BadRequest && HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            response.Headers.Connection = "close";
        }
        return Task.CompletedTask;
    }
}
