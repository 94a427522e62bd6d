using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>The protocol log as logger events (category "Bourse.ProtocolLog"), one per request, every field structured.</summary>
internal static partial class ProtocolLogMessages
{
    [LoggerMessage(1, LogLevel.Information,
        "{Method} {Path} {Protocol} {Command} {Status} user={User} auth={AuthMethod} mailbox={Mailbox} backend={Backend} " +
        "client={ClientIp} tls={TlsProtocol} cipher={TlsCipher} duration={DurationMs}ms handler={HandlerMs}ms store={StoreMs}ms " +
        "in={BytesIn} out={BytesOut} id={RequestId}")]
    public static partial void Request(ILogger logger, string? method, string? path, string? protocol, string? command, int status,
        string? user, string? authMethod, string? mailbox, string? backend, string? clientIp, string? tlsProtocol, string? tlsCipher,
        double durationMs, double? handlerMs, double? storeMs, long bytesIn, long bytesOut, string? requestId);

    [LoggerMessage(2, LogLevel.Warning, "Protocol log file {Directory} cannot be written: {Error}")]
    public static partial void FileFailed(ILogger logger, string directory, string error);

    [LoggerMessage(3, LogLevel.Warning, "Protocol log fell behind: {Dropped} lines dropped so far")]
    public static partial void Dropped(ILogger logger, long dropped);
}
