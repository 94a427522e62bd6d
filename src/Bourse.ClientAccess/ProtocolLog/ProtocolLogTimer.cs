namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>A running measurement of handler or store time, ended by <see cref="Dispose"/>.</summary>
public readonly struct ProtocolLogTimer : IDisposable
{
    private readonly ProtocolLogEntry? _entry;
    private readonly long _started;
    private readonly bool _store;

    internal ProtocolLogTimer(ProtocolLogEntry entry, bool store)
    {
        _entry = entry;
        _store = store;
        _started = entry.Time.GetTimestamp();
    }

    /// <summary>Adds the time elapsed since the timer started to the entry.</summary>
    public void Dispose()
    {
        if (_entry is null)
        {
            return;
        }
        var elapsed = _entry.Time.GetElapsedTime(_started);
        if (_store)
        {
            _entry.AddStoreTime(elapsed);
        }
        else
        {
            _entry.AddHandlerTime(elapsed);
        }
    }
}
