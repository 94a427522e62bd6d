using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Auth;

/// <summary>Authentication log events. Never passwords, hashes or tokens: only logins, methods and reasons.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(1, LogLevel.Information, "Sign-in failed: {Method} for {Login} from {Address}: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string method, string login, string? address, string reason);

    [LoggerMessage(2, LogLevel.Debug, "Signed in: {Method} {Login} from {Address}")]
    public static partial void SignedIn(ILogger logger, string method, string login, string? address);

    [LoggerMessage(3, LogLevel.Warning, "Sign-in throttled ({Reason}) for {Login} from {Address}, retry after {RetryAfter}")]
    public static partial void Throttled(ILogger logger, string reason, string login, string? address, TimeSpan retryAfter);

    [LoggerMessage(4, LogLevel.Information, "Malformed {Method} token from {Address}: {Reason}")]
    public static partial void Malformed(ILogger logger, string method, string? address, string reason);
}
