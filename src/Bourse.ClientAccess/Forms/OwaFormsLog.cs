using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Forms;

/// <summary>Forms sign-in log events. Never passwords, tokens or cookies: only logins, addresses and reasons.</summary>
internal static partial class OwaFormsLog
{
    [LoggerMessage(1, LogLevel.Information, "OWA sign-in failed for {Login} from {Address}: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string login, string? address, string reason);

    [LoggerMessage(2, LogLevel.Debug, "OWA sign-in: {Login} from {Address}")]
    public static partial void SignedIn(ILogger logger, string login, string? address);

    [LoggerMessage(3, LogLevel.Warning, "OWA sign-in throttled ({Reason}) for {Login} from {Address}, retry after {RetryAfter}")]
    public static partial void Throttled(ILogger logger, string reason, string login, string? address, TimeSpan retryAfter);

    [LoggerMessage(4, LogLevel.Information, "OWA session of {User} ended: {Reason}")]
    public static partial void SessionRejected(ILogger logger, string? user, string reason);

    [LoggerMessage(5, LogLevel.Information, "OWA request refused: missing or wrong {Canary} from {Address}")]
    public static partial void CanaryRejected(ILogger logger, string canary, string? address);
}
