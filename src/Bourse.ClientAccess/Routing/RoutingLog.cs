using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Routing;

/// <summary>Routing log events. Request targets are logged sanitized and truncated, never echoed to the client.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(100, LogLevel.Information, "Request refused by routing: {Code} {Reason} from {Address}, target {Target}")]
    public static partial void Rejected(ILogger logger, int code, RouteRejection reason, string? address, string target);

    [LoggerMessage(101, LogLevel.Warning, "Mailbox routing refused {Reason} for {User} from {Address} on {Path}")]
    public static partial void MailboxRefused(ILogger logger, RouteRejection reason, string? user, string? address, string path);

    [LoggerMessage(102, LogLevel.Debug, "Proxying {Path} for {User} to database {Database} at {Backend}")]
    public static partial void Proxying(ILogger logger, string path, string? user, string database, Uri backend);

    /// <summary>Printable ASCII only, at most 256 characters: safe for any log sink.</summary>
    public static string Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }
        var length = Math.Min(value.Length, 256);
        return string.Create(length, value, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= (char)0x20 and < (char)0x7F ? c : '?';
            }
        });
    }
}
