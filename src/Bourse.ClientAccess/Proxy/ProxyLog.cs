using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Bourse.ClientAccess.Proxy;

/// <summary>Proxy log events. Never the identity header's value or any credential.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(200, LogLevel.Warning, "Forwarded identity refused ({Code} {Reason}) from {Address}")]
    public static partial void IdentityRefused(ILogger logger, int code, BackendIdentityError reason, string? address);

    [LoggerMessage(201, LogLevel.Warning, "Proxy to {Backend} failed: {Error} ({Exception})")]
    public static partial void ForwardFailed(ILogger logger, Uri backend, ForwarderError error, string? exception);

    [LoggerMessage(202, LogLevel.Error, "Back-end certificate refused: {Subject} {Thumbprint} ({Errors}) is not pinned")]
    public static partial void CertificateRefused(ILogger logger, string subject, string thumbprint, System.Net.Security.SslPolicyErrors errors);

    [LoggerMessage(203, LogLevel.Error, "No shared secret: the forwarded identity cannot be signed, request refused")]
    public static partial void NoSecret(ILogger logger);
}
