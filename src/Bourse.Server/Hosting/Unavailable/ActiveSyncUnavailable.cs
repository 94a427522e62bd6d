namespace Bourse.Server.Hosting.Unavailable;

/// <summary>
/// /Microsoft-Server-ActiveSync until Exchange ActiveSync is implemented. OPTIONS, the capability query a device sends
/// first, answers truthfully that no protocol version is offered, so devices stop at account setup with "server not
/// supported" rather than trying commands; every command answers 501.
/// </summary>
internal static class ActiveSyncUnavailable
{
    // MS-ASHTTP 2.2.4 / 3.1.5.1: the OPTIONS response lists MS-ASProtocolVersions and MS-ASProtocolCommands; we list none.
    public static IResult Options(HttpContext context)
    {
        context.Response.Headers.Allow = "OPTIONS";
        context.Response.Headers.CacheControl = "private";
        return Results.Ok();
    }

    // MS-ASHTTP 3.2.5.1: 501 Not Implemented, the server does not support the command.
    public static IResult Command() =>
        Results.Text("Exchange ActiveSync is not available on this server yet.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status501NotImplemented);
}
