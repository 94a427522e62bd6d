using Bourse.Core.Ids;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    /// <summary>
    /// Commits made by another process (the CLI) raise no in-process event. PRAGMA data_version changes whenever another
    /// connection commits, so it is polled cheaply; when it moved, mailboxes whose last change number passed the last one
    /// published get a notification naming the folders that changed.
    /// </summary>
    private async Task PollExternalChangesAsync()
    {
        SqliteSession? session = null;
        try
        {
            session = SqliteSession.Open(_databasePath, _options.BusyTimeout, writer: false);
            session.Execute("PRAGMA query_only = 1;");
            var version = DataVersion(session);
            using var timer = new PeriodicTimer(_options.ExternalChangePollInterval, TimeProvider.System);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    var now = DataVersion(session);
                    if (now == version)
                        continue;
                    version = now;
                    _indexer.Signal();
                    PublishExternalChanges(session);
                }
                catch (SqliteException)
                {
                    // Busy or transient: try again at the next tick.
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

    private static long DataVersion(SqliteSession s) => s.Command("PRAGMA data_version").ScalarInt64() ?? 0;

    private void PublishExternalChanges(SqliteSession s)
    {
        var changes = new List<MailboxChange>();
        InReadTransaction(s, () =>
        {
            var advanced = new List<(long Mbx, MailboxId Id, long Cn, long Known)>();
            using (var r = s.Command("SELECT mbx, guid, last_cn FROM mailboxes").ExecuteReader())
            {
                while (r.Read())
                {
                    var id = new MailboxId(new Guid(r.GetFieldValue<byte[]>(1)));
                    var cn = r.GetInt64(2);
                    var known = _published.TryGetValue(id, out var k) ? k : 0;
                    if (cn > known)
                        advanced.Add((r.GetInt64(0), id, cn, known));
                }
            }
            foreach (var (mbx, id, cn, known) in advanced)
            {
                var folders = new List<FolderId>();
                using (var r = s.Command("""
                    SELECT folder FROM items WHERE mbx = $m AND cn > $k
                    UNION SELECT folder FROM tombstones WHERE mbx = $m AND cn > $k
                    UNION SELECT id FROM folders WHERE mbx = $m AND cn > $k
                    """).With("$m", mbx).With("$k", known).ExecuteReader())
                {
                    while (r.Read())
                        folders.Add(new FolderId(r.GetInt64(0)));
                }
                var hierarchy = s.Command("""
                    SELECT EXISTS(SELECT 1 FROM folders WHERE mbx = $m AND cn > $k) OR EXISTS(SELECT 1 FROM folder_tombstones WHERE mbx = $m AND cn > $k)
                    """).With("$m", mbx).With("$k", known).ScalarInt64() == 1;
                changes.Add(new MailboxChange(id, cn, folders, hierarchy));
            }
            return 0;
        });
        foreach (var change in changes)
        {
            if (TryAdvance(change.Mailbox, change.ChangeNumber))
                _notifier.Publish(change);
        }
    }
}
