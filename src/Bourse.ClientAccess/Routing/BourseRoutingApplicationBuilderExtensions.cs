using Bourse.ClientAccess.Proxy;
using Microsoft.AspNetCore.Builder;

namespace Bourse.ClientAccess.Routing;

/// <summary>Pipeline pieces of Client Access routing.</summary>
public static class BourseRoutingApplicationBuilderExtensions
{
    /// <summary>
    /// Canonicalizes the request target and stores <see cref="ClientAccessRoute"/> (refusing ambiguous or unknown
    /// paths), then verifies a front end's forwarded identity if one is present. Place it first: before
    /// <c>UseRouting()</c> and <c>UseAuthentication()</c>, which then see the canonical <c>Request.Path</c>.
    /// </summary>
    public static IApplicationBuilder UseBourseRouting(this IApplicationBuilder app) =>
        app.UseMiddleware<ClientAccessRouteMiddleware>().UseMiddleware<BackendIdentityMiddleware>();

    /// <summary>
    /// Checks the explicit-logon target against the authenticated user and serves the request locally or proxies it
    /// to the back end configured for the mailbox's database. Place it after <c>UseAuthentication()</c> (and the
    /// concurrency limits), before <c>UseAuthorization()</c> and the endpoints.
    /// </summary>
    public static IApplicationBuilder UseBourseMailboxRouting(this IApplicationBuilder app) =>
        app.UseMiddleware<MailboxRoutingMiddleware>();
}
