namespace Bourse.Server.Hosting.Unavailable;

/// <summary>
/// /EWS/Exchange.asmx until the EWS protocol is implemented: authenticated requests get the SOAP fault EWS itself sends
/// for a request it cannot process, so clients report a clear error instead of misreading an empty success.
/// </summary>
internal static class EwsUnavailable
{
    public const string Message = "The EWS operation is not available on this server yet.";

    // SOAP 1.1 4.4 and MS-OXWSCDATA 2.2.5.24: a fault is HTTP 500 with soap:Fault; Exchange puts the EWS ResponseCode in
    // faultcode (types namespace) and in detail/ResponseCode (errors namespace).
    private static readonly byte[] Fault = System.Text.Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>" +
        "<faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorInvalidRequest</faultcode>" +
        "<faultstring xml:lang=\"en-US\">" + Message + "</faultstring>" +
        "<detail><e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">ErrorInvalidRequest</e:ResponseCode>" +
        "<e:Message xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">" + Message + "</e:Message></detail>" +
        "</s:Fault></s:Body></s:Envelope>");

    public static async Task PostAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = Fault.Length;
        await context.Response.Body.WriteAsync(Fault, context.RequestAborted);
    }

    // SOAP endpoints take POST only (RFC 9110 15.5.6: 405 with Allow).
    public static IResult Get(HttpContext context)
    {
        context.Response.Headers.Allow = "POST";
        return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
    }
}
