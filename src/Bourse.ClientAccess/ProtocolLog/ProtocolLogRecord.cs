namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// One protocol log line: what happened to one request at each step of the request path (DESIGN.md), as written to
/// <c>logs/protocol-YYYYMMDD.jsonl</c> and read back by <see cref="ProtocolLogReader"/>. Never holds credentials: the query
/// is redacted and no header value other than the user agent is kept.
/// </summary>
public sealed record ProtocolLogRecord
{
    /// <summary>When the request arrived (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The request id (ASP.NET Core's TraceIdentifier; echoed to clients as request-id).</summary>
    public string? RequestId { get; init; }

    /// <summary>The OpenTelemetry trace id of the request span, when one was recorded.</summary>
    public string? TraceId { get; init; }

    public string? ClientIp { get; init; }

    /// <summary>The negotiated TLS version (e.g. Tls13), null for plain HTTP.</summary>
    public string? TlsProtocol { get; init; }

    /// <summary>The negotiated TLS cipher suite (IANA name).</summary>
    public string? TlsCipher { get; init; }

    public string? Method { get; init; }

    /// <summary>The request path, without the query string.</summary>
    public string? Path { get; init; }

    /// <summary>The query string with credential and token values replaced by "***".</summary>
    public string? Query { get; init; }

    /// <summary>Owa, Ews, ActiveSync, Mapi, Autodiscover, Ecp or Unknown.</summary>
    public string? Protocol { get; init; }

    /// <summary>The protocol command: EAS Cmd, EWS operation, MAPI request type …</summary>
    public string? Command { get; init; }

    /// <summary>The authenticated user (primary SMTP address), null when anonymous.</summary>
    public string? User { get; init; }

    /// <summary>Basic, NTLM, Negotiate, Bearer or Forms.</summary>
    public string? AuthMethod { get; init; }

    /// <summary>The mailbox the request acted on (the user's own unless explicit logon or delegation).</summary>
    public string? Mailbox { get; init; }

    /// <summary>"local", or the back end the front door proxied to.</summary>
    public string? Backend { get; init; }

    public double? HandlerMs { get; init; }

    public double? StoreMs { get; init; }

    /// <summary>Total time from the first byte of the request to the end of the response.</summary>
    public double DurationMs { get; init; }

    public int Status { get; init; }

    public long BytesIn { get; init; }

    public long BytesOut { get; init; }

    public string? UserAgent { get; init; }
}
