using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Handlers;
using Bourse.Autodiscover.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bourse.Autodiscover.Http;

// HTTP glue for GET /autodiscover/autodiscover.json (and the /v1.0/{email} form). Anonymous: see JsonV2Handler.
internal static class JsonEndpoint
{
    public static async Task GetAsync(HttpContext context, JsonV2Handler handler, ILogger<JsonV2Handler> log, string? email = null)
    {
        var query = context.Request.Query;
        email ??= query["Email"].ToString();
        JsonV2Response response;
        try
        {
            response = await handler.HandleAsync(email, query["Protocol"].ToString(), context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Autodiscover JSON request failed");
            response = JsonV2Response.Fail(500, "InternalServerError", "The server could not process the request.");
        }

        var bytes = JsonV2Writer.Write(response);
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
