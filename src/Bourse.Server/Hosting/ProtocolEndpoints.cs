using Bourse.ActiveSync;
using Bourse.Autodiscover;
using Bourse.ClientAccess.Forms;
using Bourse.ClientAccess.Health;
using Bourse.Owa;
using Bourse.Server.Hosting.Unavailable;

namespace Bourse.Server.Hosting;

/// <summary>
/// The one place where HTTP endpoints are mapped. Protocols that are not implemented yet (EWS, ActiveSync, MAPI, the
/// OWA API) still authenticate like the real ones and then answer with their protocol's own "not available" error,
/// never with a made-up success; everything unmapped is 404.
/// </summary>
internal static class ProtocolEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapMethods("/", ["GET", "HEAD"], LandingPage.Handle);
        app.MapMethods("/healthz", ["GET", "HEAD"], HealthEndpoint.HandleAsync);
        app.MapBourseHealthChecks();
        app.MapBourseFormsSignIn();
        app.MapBourseAutodiscover();

        app.MapPost("/EWS/Exchange.asmx", EwsUnavailable.PostAsync).RequireAuthorization();
        app.MapMethods("/EWS/Exchange.asmx", ["GET", "HEAD"], EwsUnavailable.Get).RequireAuthorization();

        app.MapBourseActiveSync();

        app.MapMethods("/mapi/emsmdb", ["GET", "HEAD", "POST"], MapiUnavailable.Handle).RequireAuthorization();
        app.MapMethods("/mapi/nspi", ["GET", "HEAD", "POST"], MapiUnavailable.Handle).RequireAuthorization();

        // Outlook on the web: the browser client at /owa/ and its JSON API under /owa/service, both signed in, every write
        // carrying the X-OWA-CANARY anti-forgery header. Exchange's own service.svc wire format is not offered: signed in,
        // canary-checked, then an honest 501.
        app.MapBourseOwaWebClient().RequireAuthorization().RequireOwaCanary();
        app.MapBourseOwaApi().RequireAuthorization().RequireOwaCanary();
        app.MapMethods("/owa/service.svc", ["GET", "POST"], OwaApiUnavailable.Handle).RequireAuthorization().RequireOwaCanary();
    }
}
