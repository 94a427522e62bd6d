using System.Collections.Concurrent;

namespace Bourse.Storage.Sqlite;

/// <summary>Read connections, reused. In WAL mode they read concurrently with the writer, each from its own snapshot.</summary>
internal sealed class SqliteReadPool(string databasePath, string searchPath, TimeSpan busyTimeout, int maxPooled) : IDisposable
{
    private readonly ConcurrentBag<SqliteSession> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return new Lease(this, session);
        }
        session = SqliteSession.Open(databasePath, busyTimeout, writer: false);
        try
        {
            // The full-text index lives in its own file (see SqliteSearchIndexer); searches join it to the items.
            session.Command("ATTACH DATABASE $p AS search").With("$p", searchPath).ExecuteNonQuery();
            session.Execute("PRAGMA query_only = 1;");
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return new Lease(this, session);
    }

    private void Return(SqliteSession session)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > maxPooled)
        {
            if (!_disposed)
                Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }
        _idle.Add(session);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var s))
            s.Dispose();
    }

    public readonly struct Lease(SqliteReadPool pool, SqliteSession session) : IDisposable
    {
        public SqliteSession Session => session;

        public void Dispose() => pool.Return(session);
    }
}
