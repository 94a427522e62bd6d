namespace Bourse.Server.Hosting.Unavailable;

/// <summary>/owa/service.svc until Outlook on the web's API is implemented: 501 after sign-in and the canary check.</summary>
internal static class OwaApiUnavailable
{
    public static IResult Handle() =>
        Results.Json(new OwaApiError("NotImplemented", "The Outlook on the web API is not available on this server yet."),
            OwaApiJsonContext.Default.OwaApiError, statusCode: StatusCodes.Status501NotImplemented);
}
