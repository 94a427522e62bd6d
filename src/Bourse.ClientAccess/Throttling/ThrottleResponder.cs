using System.Globalization;
using Bourse.ClientAccess.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Throttling;

/// <summary>Writes the throttled answer in one place: the protocol's status (429 or 503) with Retry-After.</summary>
internal sealed class ThrottleResponder(IOptionsMonitor<BourseThrottlingOptions> options)
{
    public async Task WriteAsync(HttpContext context, ThrottleReason reason, TimeSpan retryAfter)
    {
        var policy = ProtocolAuthPolicies.ForPath(context.Request.Path);
        context.Response.Clear();
        context.Response.StatusCode = policy.ThrottledStatusCode;
        // RFC 9110 10.2.3: Retry-After in whole seconds; round up so clients never come back too early.
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (options.CurrentValue.OnRejected is { } hook)
        {
            await hook(new ThrottleRejectedContext(context, policy.Protocol, reason, retryAfter));
        }
    }
}
