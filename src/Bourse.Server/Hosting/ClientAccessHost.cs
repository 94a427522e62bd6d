using Bourse.ActiveSync;
using Bourse.Autodiscover;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Forms;
using Bourse.ClientAccess.Health;
using Bourse.ClientAccess.ProtocolLog;
using Bourse.ClientAccess.Routing;
using Bourse.Owa;

namespace Bourse.Server.Hosting;

/// <summary>
/// The front door of DESIGN.md's request path, composed once for <c>bourse serve</c> (every role) and the benchmarks:
/// protocol log, canonical routing and forwarded-identity check, authentication, throttling, mailbox routing
/// (local or proxied), authorization, then the endpoints of <see cref="ProtocolEndpoints"/>.
/// </summary>
internal static class ClientAccessHost
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddBourseAuthentication(configuration);
        services.AddBourseRouting(configuration);
        services.AddBourseFormsSignIn(configuration);
        services.AddBourseProtocolLog(configuration);
        services.AddBourseHealthChecks(configuration);
        services.AddBourseAutodiscover(configuration);
        services.AddBourseActiveSync(configuration);
        services.AddBourseOwa();
        services.AddAuthorization();
    }

    public static void UsePipeline(WebApplication app)
    {
        // First, so every request — refused ones included — gets its protocol-log line and span.
        app.UseBourseProtocolLog();
        // Canonicalizes the target once (ambiguous and unknown paths end here) and verifies a front end's signed identity.
        app.UseBourseRouting();
        // Plain HTTP serves the Autodiscover redirect method and nothing else (before any credential is looked at).
        app.Use(PlainHttpGate.InvokeAsync);
        // Explicitly after UseBourseRouting, so endpoint matching sees the canonical path.
        app.UseRouting();
        // MS-OXDSCLI: every 401 under /autodiscover carries X-SOAP-Enabled: True.
        app.UseAutodiscoverSoapEnabledHeader();
        app.UseAuthentication();
        app.UseBourseConcurrencyLimits();
        // After authentication: the target-mailbox check, then local service or the proxy to the owning back end.
        app.UseBourseMailboxRouting();
        app.UseAuthorization();
        ProtocolEndpoints.Map(app);
    }
}
