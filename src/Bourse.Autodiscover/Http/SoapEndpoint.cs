using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Handlers;
using Bourse.Autodiscover.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bourse.Autodiscover.Http;

// HTTP glue for POST /autodiscover/autodiscover.svc (MS-OXWSADISC).
internal static class SoapEndpoint
{
    public static async Task PostAsync(HttpContext context, GetUserSettingsHandler users, GetDomainSettingsHandler domains, ILogger<GetUserSettingsHandler> log)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            await AutodiscoverChallenge.ChallengeAsync(context);
            return;
        }

        var ct = context.RequestAborted;
        var body = await RequestBody.ReadAsync(context.Request, SafeXml.MaxRequestBytes, ct);
        var read = body is null
            ? SoapReadResult.Fail(SoapVersion.Soap11, SoapFaultCode.Client, "The request is too large.")
            : SoapRequestReader.Read(body);
        if (read.Request is not { } request)
        {
            await WriteFaultAsync(context, read.Version, read.Fault!);
            return;
        }

        byte[] bytes;
        try
        {
            bytes = request.GetUserSettings is { } gus
                ? SoapResponseWriter.Write(request.Version, await users.HandleAsync(gus, AutodiscoverCaller.From(context.User), ct))
                : SoapResponseWriter.Write(request.Version, await domains.HandleAsync(request.GetDomainSettings!, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Autodiscover SOAP request failed");
            await WriteFaultAsync(context, request.Version, new SoapFault(SoapFaultCode.Server, "The server could not process the request."));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = SoapResponseWriter.ContentType(request.Version);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, ct);
    }

    private static async Task WriteFaultAsync(HttpContext context, SoapVersion version, SoapFault fault)
    {
        var bytes = SoapResponseWriter.WriteFault(version, fault);
        // SOAP 1.1 §6.2 / SOAP 1.2 part 2 §7.5.1: faults travel with HTTP 500 (Sender faults in 1.2 with 400).
        context.Response.StatusCode = version == SoapVersion.Soap12 && fault.Code != SoapFaultCode.Server
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status500InternalServerError;
        context.Response.ContentType = SoapResponseWriter.ContentType(version);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
