using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Proxy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Routing;

/// <summary>After authentication: checks the target mailbox and serves the request locally or proxies it.</summary>
internal sealed class MailboxRoutingMiddleware(RequestDelegate next, MailboxRouter router, BackendForwarder forwarder, ILogger<MailboxRoutingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetClientAccessRoute()
            ?? throw new InvalidOperationException("UseBourseRouting() must run before UseBourseMailboxRouting().");
        var decision = await router.DecideAsync(route, context.User, context.RequestAborted);
        switch (decision.Outcome)
        {
            case MailboxRouteOutcome.Local:
                route.Destination = new ClientAccessDestination(decision.Database, null);
                await next(context);
                break;
            case MailboxRouteOutcome.Challenge:
                // A front end has no local handler for this protocol: the 401 with its challenges starts the sign-in.
                await context.ChallengeAsync();
                break;
            case MailboxRouteOutcome.Proxy:
                route.Destination = new ClientAccessDestination(decision.Database, decision.Backend);
                RoutingLog.Proxying(logger, route.Path.Value ?? "/", context.User.GetPrimarySmtpAddress(), decision.Database!, decision.Backend!);
                await forwarder.ForwardAsync(context, decision.Backend!);
                break;
            default:
                RoutingLog.MailboxRefused(logger, decision.Rejection, context.User.GetPrimarySmtpAddress(), context.Connection.RemoteIpAddress?.ToString(), route.Path.Value ?? "/");
                await RouteRejectionResponder.WriteAsync(context, decision.Rejection);
                break;
        }
    }
}
