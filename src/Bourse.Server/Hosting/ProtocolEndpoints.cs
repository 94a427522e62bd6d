namespace Bourse.Server.Hosting;

/// <summary>
/// The one place where HTTP endpoints are mapped. Client Access (/owa, /autodiscover, /EWS, /Microsoft-Server-ActiveSync,
/// /mapi) is added here as those protocols arrive; everything unmapped is 404.
/// </summary>
internal static class ProtocolEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapMethods("/", ["GET", "HEAD"], LandingPage.Handle);
        app.MapMethods("/healthz", ["GET", "HEAD"], HealthEndpoint.HandleAsync);
    }
}
