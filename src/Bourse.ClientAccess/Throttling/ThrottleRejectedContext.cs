using Bourse.ClientAccess.Auth;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Throttling;

/// <summary>What the <see cref="BourseThrottlingOptions.OnRejected"/> hook gets. Status and Retry-After are already set.</summary>
public sealed class ThrottleRejectedContext
{
    internal ThrottleRejectedContext(HttpContext httpContext, ClientAccessProtocol protocol, ThrottleReason reason, TimeSpan retryAfter)
    {
        HttpContext = httpContext;
        Protocol = protocol;
        Reason = reason;
        RetryAfter = retryAfter;
    }

    public HttpContext HttpContext { get; }

    public ClientAccessProtocol Protocol { get; }

    public ThrottleReason Reason { get; }

    public TimeSpan RetryAfter { get; }
}
