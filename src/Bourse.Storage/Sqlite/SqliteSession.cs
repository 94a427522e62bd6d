using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

/// <summary>One SQLite connection with its prepared commands cached by SQL text (a statement is prepared once per connection).</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteFastStatement> _fast = new(StringComparer.Ordinal);

    private SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public static SqliteSession Open(string databasePath, TimeSpan busyTimeout, bool writer)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = (int)Math.Max(1, busyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var session = new SqliteSession(connection);
            var ms = (long)busyTimeout.TotalMilliseconds;
            session.Execute($"PRAGMA busy_timeout = {ms};");
            if (writer)
            {
                session.Execute("PRAGMA journal_mode = WAL;");
                // Checkpoints run on their own thread (SqliteMailStore.Checkpoint.cs), so the writer only appends to the
                // WAL; this high threshold is a fallback should that thread fall behind.
                session.Execute("PRAGMA wal_autocheckpoint = 16384;");
                // After a checkpoint restarts the WAL, SQLite truncates the file back to this size.
                session.Execute("PRAGMA journal_size_limit = 67108864;");
                // Durable on return: the WAL is fsynced at every commit.
                session.Execute("PRAGMA synchronous = FULL;");
                // Kept small on purpose: SQLite walks the whole page-cache hash at every commit (pcache truncate), and with a
                // steady stream of writes a large cache costs more CPU per commit than its hits save (bench: 64 MB → 2 MB
                // took the writer from ~246 to ~215 µs CPU per delivered message).
                session.Execute("PRAGMA cache_size = -4096;");
            }
            else
            {
                session.Execute("PRAGMA synchronous = FULL;");
                // Readers see their cache reset whenever the writer committed, which also walks the whole cache: keep it small.
                session.Execute("PRAGMA cache_size = -4096;");
            }
            session.Execute("PRAGMA temp_store = MEMORY;");
            return session;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The cached command for <paramref name="sql"/>, parameters cleared.</summary>
    public SqliteCommand Command(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }
        command = Connection.CreateCommand();
        command.CommandText = sql;
        _commands[sql] = command;
        return command;
    }

    public int Execute(string sql) => Command(sql).ExecuteNonQuery();

    /// <summary>The cached <see cref="SqliteFastStatement"/> for <paramref name="sql"/> (numbered parameters), prepared on first use.</summary>
    public SqliteFastStatement Fast(string sql)
    {
        if (!_fast.TryGetValue(sql, out var statement))
            _fast[sql] = statement = new SqliteFastStatement(Connection.Handle!, sql);
        return statement;
    }

    /// <summary>Rows changed by INSERT/UPDATE/DELETE on this connection since it opened (sqlite3_total_changes64).</summary>
    public long TotalChanges => SQLitePCL.raw.sqlite3_total_changes(Connection.Handle);

    /// <summary>True while a transaction is open on this connection (sqlite3_get_autocommit is 0).</summary>
    public bool InTransaction => Connection.Handle is { } h && SQLitePCL.raw.sqlite3_get_autocommit(h) == 0;

    public void Dispose()
    {
        // Finalized before the connection closes, which cannot close under statements it does not know.
        foreach (var f in _fast.Values)
            f.Dispose();
        _fast.Clear();
        foreach (var c in _commands.Values)
            c.Dispose();
        _commands.Clear();
        Connection.Dispose();
    }
}
