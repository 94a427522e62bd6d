namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// The protocol log line of the current request while it is being served, an <see cref="Microsoft.AspNetCore.Http.HttpContext"/>
/// feature (<c>context.Features.Get&lt;ProtocolLogEntry&gt;()</c>) that later stages fill in: routing sets
/// <see cref="Protocol"/>, <see cref="Mailbox"/> and <see cref="Backend"/>, handlers set <see cref="Command"/> and time
/// themselves with <see cref="TimeHandler"/> and the store with <see cref="TimeStore"/>. Everything left unset is derived
/// from the request when it ends. Safe to update from several threads.
/// </summary>
public sealed class ProtocolLogEntry
{
    private long _storeTicks;
    private long _handlerTicks;
    private int _storeTimed;
    private int _handlerTimed;

    internal ProtocolLogEntry(string requestId, DateTimeOffset timestamp, TimeProvider time)
    {
        RequestId = requestId;
        Timestamp = timestamp;
        Time = time;
    }

    internal TimeProvider Time { get; }

    /// <summary>The request id, as it will appear in the log.</summary>
    public string RequestId { get; }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The protocol (defaults to the one of the path prefix, <c>ProtocolAuthPolicies.ForPath</c>).</summary>
    public string? Protocol { get; set; }

    /// <summary>The protocol command (EAS Cmd, EWS operation, MAPI request type); derived from the request when unset.</summary>
    public string? Command { get; set; }

    /// <summary>The target mailbox (primary SMTP address); defaults to the authenticated user's.</summary>
    public string? Mailbox { get; set; }

    /// <summary>"local" (the default) or the back end the request was proxied to (a configured name, never from the request).</summary>
    public string? Backend { get; set; }

    /// <summary>Time spent in the protocol handler, when a handler measured it.</summary>
    public TimeSpan? HandlerTime => Volatile.Read(ref _handlerTimed) == 0 ? null : TimeSpan.FromTicks(Interlocked.Read(ref _handlerTicks));

    /// <summary>Time spent in the mail store, when any store call was measured.</summary>
    public TimeSpan? StoreTime => Volatile.Read(ref _storeTimed) == 0 ? null : TimeSpan.FromTicks(Interlocked.Read(ref _storeTicks));

    /// <summary>Adds time spent in the protocol handler.</summary>
    public void AddHandlerTime(TimeSpan elapsed)
    {
        Interlocked.Add(ref _handlerTicks, elapsed.Ticks);
        Volatile.Write(ref _handlerTimed, 1);
    }

    /// <summary>Adds time spent in the mail store (calls may overlap; their times add up).</summary>
    public void AddStoreTime(TimeSpan elapsed)
    {
        Interlocked.Add(ref _storeTicks, elapsed.Ticks);
        Volatile.Write(ref _storeTimed, 1);
    }

    /// <summary>Measures handler time until the returned scope is disposed.</summary>
    public ProtocolLogTimer TimeHandler() => new(this, store: false);

    /// <summary>Measures store time until the returned scope is disposed.</summary>
    public ProtocolLogTimer TimeStore() => new(this, store: true);
}
