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

    /// <summary>The refused request; write a body here if the protocol wants one.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The protocol, from the path.</summary>
    public ClientAccessProtocol Protocol { get; }

    /// <summary>Why it was refused.</summary>
    public ThrottleReason Reason { get; }

    /// <summary>How long the client should wait.</summary>
    public TimeSpan RetryAfter { get; }
}
