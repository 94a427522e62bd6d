using Microsoft.Net.Http.Headers;

namespace Bourse.Server.Hosting;

/// <summary>
/// What plain HTTP may reach: only the Autodiscover HTTP redirect method (an anonymous <c>GET
/// /autodiscover/autodiscover.xml</c>, answered with a 302 to HTTPS for accepted domains). Every other request over
/// plain HTTP, and any request there that carries credentials, ends here with 403 before authentication: no protocol
/// data is served in clear text and no Basic password or NTLM handshake is ever accepted there.
/// </summary>
internal static class PlainHttpGate
{
    private const string RedirectPath = "/autodiscover/autodiscover.xml";

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.IsHttps || IsRedirectMethod(request))
            return next(context);
        // IIS "Require SSL" answers 403.4; no challenge, so a client never retries its credentials in clear text.
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("HTTPS is required.\n", context.RequestAborted);
    }

    // MS-OXDSCLI 3.1.5.2: the HTTP redirect method is an unauthenticated GET; nothing else is meant for plain HTTP.
    private static bool IsRedirectMethod(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals(RedirectPath, StringComparison.OrdinalIgnoreCase) &&
        !request.Headers.ContainsKey(HeaderNames.Authorization);
}
