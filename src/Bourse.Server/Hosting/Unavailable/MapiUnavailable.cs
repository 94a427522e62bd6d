using System.Text.RegularExpressions;

namespace Bourse.Server.Hosting.Unavailable;

/// <summary>
/// /mapi/emsmdb and /mapi/nspi until MAPI over HTTP is implemented: the protocol's own failure signal, an
/// X-ResponseCode, so Outlook reports the endpoint as unavailable and keeps to the other advertised protocols.
/// </summary>
internal static partial class MapiUnavailable
{
    // MS-OXCMAPIHTTP 2.2.3.3.3: X-ResponseCode 2 = Invalid Verb (only POST is defined), 16 = Endpoint Disabled.
    private const string InvalidVerb = "2";
    private const string EndpointDisabled = "16";

    public static IResult Handle(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["X-ResponseCode"] = HttpMethods.IsPost(context.Request.Method) ? EndpointDisabled : InvalidVerb;
        // MS-OXCMAPIHTTP 2.2.3.3.2/2.2.3.3.7: X-RequestId is echoed so the client can match the failure to its request.
        var requestId = context.Request.Headers["X-RequestId"].ToString();
        if (requestId.Length is > 0 and <= 128 && RequestIdPattern().IsMatch(requestId))
            headers["X-RequestId"] = requestId;
        headers.CacheControl = "private";
        // MS-OXCMAPIHTTP 3.2.5.1: a failure is carried by a nonzero X-ResponseCode on an HTTP 200 response.
        return Results.Text("MAPI over HTTP is not available on this server yet.", "text/html; charset=utf-8", statusCode: StatusCodes.Status200OK);
    }

    [GeneratedRegex("^[A-Za-z0-9{}:.-]+$")]
    private static partial Regex RequestIdPattern();
}
