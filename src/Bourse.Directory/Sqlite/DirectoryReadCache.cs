using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

/// <summary>
/// The read cache of <see cref="SqliteDirectory"/>: user lookups by mailbox, address, login and legacy DN, and the
/// accepted domains. This process's writes replace the snapshot as soon as they commit; another process's writes (the
/// <c>bourse</c> CLI) are noticed through <c>PRAGMA data_version</c> on a kept-open connection, checked before a read
/// at most once per refresh interval, so they are visible within one interval. Password hashes and NT hashes are
/// never cached.
/// </summary>
internal sealed class DirectoryReadCache : IAsyncDisposable
{
    public const int MaxEntries = 10_000;

    private readonly SqliteConnection _watch;
    private readonly SqliteCommand _dataVersion;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private DirectoryCacheSnapshot _current = new(MaxEntries);
    private long _checkedAt;
    private long _version;
    private bool _disposed;

    private DirectoryReadCache(SqliteConnection watch, SqliteCommand dataVersion, TimeProvider time, TimeSpan interval, long version, long checkedAt)
    {
        _watch = watch;
        _dataVersion = dataVersion;
        _time = time;
        _interval = interval;
        _version = version;
        _checkedAt = checkedAt;
    }

    /// <summary>Takes ownership of <paramref name="watch"/>, an open connection used only for <c>PRAGMA data_version</c>.</summary>
    public static async Task<DirectoryReadCache> OpenAsync(SqliteConnection watch, TimeProvider time, TimeSpan interval, CancellationToken ct)
    {
        var command = watch.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        command.Prepare();
        var checkedAt = time.GetTimestamp();
        var version = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        return new DirectoryReadCache(watch, command, time, interval, version, checkedAt);
    }

    /// <summary>The generation to read from and fill, after looking for other connections' commits when a check is due.</summary>
    public ValueTask<DirectoryCacheSnapshot> CurrentAsync(CancellationToken ct)
    {
        var elapsed = _time.GetElapsedTime(Volatile.Read(ref _checkedAt));
        return elapsed >= TimeSpan.Zero && elapsed < _interval
            ? ValueTask.FromResult(Volatile.Read(ref _current))
            : RefreshAsync(ct);
    }

    /// <summary>Adds a value read from the database after <paramref name="snapshot"/> was taken.</summary>
    public void Remember(DirectoryCacheSnapshot snapshot, DirectoryCacheKey key, object? value)
    {
        // A full generation is dropped rather than grown: misses (attackers' random logins included) cannot hold memory.
        if (!snapshot.TryAdd(key, value))
            Interlocked.CompareExchange(ref _current, new DirectoryCacheSnapshot(MaxEntries), snapshot);
    }

    /// <summary>Called after every commit of this process: later reads go to the database.</summary>
    public void Invalidate() => Interlocked.Exchange(ref _current, new DirectoryCacheSnapshot(MaxEntries));

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            await _dataVersion.DisposeAsync();
            await _watch.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<DirectoryCacheSnapshot> RefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var started = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(Volatile.Read(ref _checkedAt), started);
            if (elapsed >= TimeSpan.Zero && elapsed < _interval)
                return Volatile.Read(ref _current);
            ObjectDisposedException.ThrowIf(_disposed, this);
            long version;
            try
            {
                version = Convert.ToInt64(await _dataVersion.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (SqliteException)
            {
                // Cannot tell whether anything changed: drop what is cached and check again on the next read.
                Invalidate();
                return Volatile.Read(ref _current);
            }
            if (version != _version)
            {
                _version = version;
                Invalidate();
            }
            // The check covers every commit made before it started.
            Volatile.Write(ref _checkedAt, started);
            return Volatile.Read(ref _current);
        }
        finally
        {
            _gate.Release();
        }
    }
}
