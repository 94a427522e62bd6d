using System.Globalization;
using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Handlers;
using Bourse.Autodiscover.Protocol;
using Bourse.Directory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.Autodiscover.Http;

// HTTP glue for /autodiscover/autodiscover.xml: POST (POX), GET probes, and the plain-HTTP redirect method.
internal static class PoxEndpoint
{
    private const string XmlContentType = "text/xml; charset=utf-8";

    public static async Task PostAsync(HttpContext context, PoxHandler handler, ILogger<PoxHandler> log)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            await AutodiscoverChallenge.ChallengeAsync(context);
            return;
        }

        var ct = context.RequestAborted;
        PoxResponse response;
        var body = await RequestBody.ReadAsync(context.Request, SafeXml.MaxRequestBytes, ct);
        var read = body is null ? PoxReadResult.Fail(PoxErrorCode.InvalidRequest) : PoxRequestReader.Read(body);
        if (read.Request is null)
        {
            response = handler.Error(read.ErrorSchema, read.Error);
        }
        else
        {
            try
            {
                response = await handler.HandleAsync(read.Request, AutodiscoverCaller.From(context.User), MapiHttpCapability(context.Request), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Autodiscover POX request failed");
                // MS-OXDSCLI 2.2.4.1.1.3.2: 603, the server threw an internal error.
                response = handler.Error(read.Request.Provider, PoxErrorCode.InternalError);
            }
        }

        await WriteAsync(context, PoxResponseBytes.For(response));
    }

    public static async Task GetAsync(HttpContext context, PoxHandler handler, IDirectory directory, IOptions<AutodiscoverOptions> options)
    {
        if (!context.Request.IsHttps)
        {
            await RedirectAsync(context, directory, options.Value);
            return;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            await AutodiscoverChallenge.ChallengeAsync(context);
            return;
        }

        // Exchange answers an authenticated GET with the 600 Invalid Request error document (there is no request body).
        await WriteAsync(context, PoxResponseWriter.Write(handler.Error(null, PoxErrorCode.InvalidRequest)));
    }

    private static async Task RedirectAsync(HttpContext context, IDirectory directory, AutodiscoverOptions options)
    {
        // The HTTP redirect method (MS-OXDSCLI 3.1.5.2 step): plain GET http://autodiscover.DOMAIN/... → 302 to HTTPS.
        // The Location is built from our own accepted-domain string, never from the request's Host bytes.
        var host = context.Request.Host.Host;
        const string prefix = "autodiscover.";
        if (options.HttpRedirect && host.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && host.Length > prefix.Length)
        {
            var wanted = host[prefix.Length..];
            foreach (var domain in await directory.GetAcceptedDomainsAsync(context.RequestAborted))
            {
                if (string.Equals(domain, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.StatusCode = StatusCodes.Status302Found;
                    context.Response.Headers.Location = $"https://autodiscover.{domain.ToLowerInvariant()}/autodiscover/autodiscover.xml";
                    return;
                }
            }
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static int MapiHttpCapability(HttpRequest request)
    {
        // MS-OXDSCLI 2.2.2.1: X-MapiHttpCapability is an integer > 0 naming the highest MAPI/HTTP version the client speaks.
        var value = request.Headers["X-MapiHttpCapability"].ToString();
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static async Task WriteAsync(HttpContext context, byte[] bytes)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = XmlContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
