using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Copies committed WAL pages into the database file from a thread of its own (PASSIVE: never blocks the writer or
    /// readers), so the single writer's time goes to commits only. SQLite restarts the WAL from its start once a
    /// checkpoint has caught up and no reader needs the old frames, which keeps the file from growing.
    /// </summary>
    private async Task CheckpointAsync()
    {
        SqliteSession? session = null;
        try
        {
            using var timer = new PeriodicTimer(CheckpointInterval, TimeProvider.System);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    session ??= SqliteSession.Open(_databasePath, _options.BusyTimeout, writer: false);
                    session.Execute("PRAGMA wal_checkpoint(PASSIVE);");
                }
                catch (SqliteException)
                {
                    // Busy or transient: the next tick tries again (the writer's high autocheckpoint is the fallback).
                    session?.Dispose();
                    session = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            session?.Dispose();
        }
    }
}
