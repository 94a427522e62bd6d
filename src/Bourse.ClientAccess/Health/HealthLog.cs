using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Health;

/// <summary>Health check log events: why a check failed, for the operator (the client only ever sees 503).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(1, LogLevel.Warning, "Health probe {Probe} failed: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, string probe, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Health probe {Probe} did not answer within {Timeout}")]
    public static partial void ProbeTimedOut(ILogger logger, string probe, TimeSpan timeout);
}
