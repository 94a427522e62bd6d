using System.Net;
using Bourse.ClientAccess.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bourse.ClientAccess.Health;

/// <summary>The request handlers of the health endpoints.</summary>
internal static class BourseHealthEndpoints
{
    /// <summary>The Managed Availability paths, as Exchange serves them in each virtual directory.</summary>
    public static IReadOnlyList<(string Path, ClientAccessProtocol Protocol)> Checks { get; } =
    [
        ("/owa/healthcheck.htm", ClientAccessProtocol.Owa),
        ("/ews/healthcheck.htm", ClientAccessProtocol.Ews),
        ("/Microsoft-Server-ActiveSync/healthcheck.htm", ClientAccessProtocol.ActiveSync),
        ("/autodiscover/healthcheck.htm", ClientAccessProtocol.Autodiscover),
        ("/mapi/healthcheck.htm", ClientAccessProtocol.Mapi),
    ];

    public static RequestDelegate Protocol(ClientAccessProtocol protocol) => async context =>
    {
        var monitor = context.RequestServices.GetService(typeof(BourseHealthMonitor)) as BourseHealthMonitor
            ?? throw new InvalidOperationException("AddBourseHealthChecks was not called.");
        var healthy = await monitor.IsHealthyAsync(protocol, context.RequestAborted);
        NoStore(context.Response);
        if (!healthy)
        {
            // Exchange answers an unhealthy probe with 503 and nothing more; the reason is in the server log only.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        // Exchange Managed Availability: "200 OK<br/>" followed by the server's name, text/html.
        var options = (IOptionsMonitor<BourseHealthOptions>)context.RequestServices.GetService(typeof(IOptionsMonitor<BourseHealthOptions>))!;
        var name = options.CurrentValue.ServerName is { Length: > 0 } configured ? configured : Environment.MachineName;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync("200 OK<br/>" + WebUtility.HtmlEncode(name), context.RequestAborted);
        }
    };

    public static async Task Liveness(HttpContext context)
    {
        var monitor = context.RequestServices.GetService(typeof(BourseHealthMonitor)) as BourseHealthMonitor
            ?? throw new InvalidOperationException("AddBourseHealthChecks was not called.");
        var healthy = await monitor.IsHealthyAsync(null, context.RequestAborted);
        NoStore(context.Response);
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync(healthy ? "ok" : "unavailable", context.RequestAborted);
        }
    }

    private static void NoStore(HttpResponse response) => response.Headers[HeaderNames.CacheControl] = "no-store";
}
