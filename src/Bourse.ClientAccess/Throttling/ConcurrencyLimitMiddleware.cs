using Bourse.ClientAccess.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Throttling;

/// <summary>Runs after authentication: refuses a user's request beyond the protocol's concurrency limit.</summary>
internal sealed class ConcurrencyLimitMiddleware(RequestDelegate next, ConcurrencyLimiter limiter, ThrottleResponder responder, IOptionsMonitor<BourseThrottlingOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var user = context.User.GetMailboxId();
        if (user is null)
        {
            await next(context);
            return;
        }
        var protocol = ProtocolAuthPolicies.ForPath(context.Request.Path).Protocol;
        using var lease = limiter.TryAcquire(user.Value.ToString(), protocol);
        if (lease is null)
        {
            await responder.WriteAsync(context, ThrottleReason.ConcurrencyLimit, options.CurrentValue.ConcurrencyRetryAfter);
            return;
        }
        await next(context);
    }
}
