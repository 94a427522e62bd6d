using System.Collections.Concurrent;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Properties;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// The embedded <see cref="IMailStore"/>: one SQLite database in WAL mode plus a folder of large blobs. All writes go
/// through one writer with group commit; reads use pooled connections concurrently with it. Another process (the
/// <c>bourse</c> CLI) may write the same database; its commits are noticed by polling and published as notifications.
/// </summary>
public sealed partial class SqliteMailStore : IMailStore
{
    private const string MailboxOfGuid = "(SELECT mbx FROM mailboxes WHERE guid = $g)";

    private readonly SqliteMailStoreOptions _options;
    private readonly string _databasePath;
    private readonly BlobFileStore _files;
    private readonly SqliteReadPool _reads;
    private readonly SqliteSession _writerSession;
    private readonly SqliteWriter _writer;
    private readonly IMailboxNotifier _notifier;
    private readonly ConcurrentDictionary<MailboxId, long> _published = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poller;
    private readonly Task _checkpointer;
    private readonly SqliteSearchIndexer _indexer;
    private int _disposed;

    private SqliteMailStore(SqliteMailStoreOptions options, string databasePath, BlobFileStore files, SqliteSession writerSession)
    {
        _options = options;
        _databasePath = databasePath;
        _files = files;
        _writerSession = writerSession;
        _notifier = options.Notifier ?? new MailboxNotifier();
        var searchPath = Path.Combine(Path.GetDirectoryName(databasePath)!, "search.db");
        _indexer = new SqliteSearchIndexer(databasePath, searchPath, files, options.BusyTimeout, options.SearchIndexBatchSize);
        _reads = new SqliteReadPool(databasePath, searchPath, options.BusyTimeout, Math.Max(1, options.MaxPooledReadConnections));
        SeedChangeNumbers(writerSession);
        _writer = new SqliteWriter(writerSession, options.TimeProvider, options.MaxBatchSize, AfterCommit);
        _poller = Task.Run(PollExternalChangesAsync);
        _checkpointer = Task.Run(CheckpointAsync);
    }

    public IMailboxNotifier Notifications => _notifier;

    /// <summary>Counters of the writer and the search indexer since open, for metrics and benchmarks.</summary>
    public SqliteStoreStatistics Statistics
    {
        get
        {
            var (wBusy, commits, ops) = _writer.Counters;
            var (iBusy, applied) = _indexer.Counters;
            return new SqliteStoreStatistics(TimeSpan.FromSeconds(wBusy / (double)System.Diagnostics.Stopwatch.Frequency), commits, ops,
                TimeSpan.FromSeconds(iBusy / (double)System.Diagnostics.Stopwatch.Frequency), applied)
            {
                WriterCpu = _writer.Cpu,
                IndexerCpu = _indexer.Cpu,
            };
        }
    }

    /// <summary>Opens (creating when needed) the store under <see cref="SqliteMailStoreOptions.DataDirectory"/>.</summary>
    public static Task<SqliteMailStore> OpenAsync(SqliteMailStoreOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ct.ThrowIfCancellationRequested();
        var storeDirectory = Path.Combine(options.DataDirectory, "store");
        Directory.CreateDirectory(storeDirectory);
        var databasePath = Path.Combine(storeDirectory, "mailstore.db");
        var files = new BlobFileStore(Path.Combine(storeDirectory, "blobs"));
        var writer = SqliteSession.Open(databasePath, options.BusyTimeout, writer: true);
        try
        {
            InitializeSchema(writer);
            files.CleanOrphans(
                path => writer.Command("SELECT 1 FROM blobs WHERE path = $p").With("$p", path).ExecuteScalar() is not null,
                options.OrphanBlobMinAge,
                options.TimeProvider.GetUtcNow().UtcDateTime);
            return Task.FromResult(new SqliteMailStore(options, databasePath, files, writer));
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    private static void InitializeSchema(SqliteSession session)
    {
        session.Execute("BEGIN IMMEDIATE");
        try
        {
            var version = session.Command("PRAGMA user_version").ScalarInt64() ?? 0;
            if (version < 0 || version > SqliteSchema.Version)
                throw new NotSupportedException($"The mail store schema version {version} is newer than this build ({SqliteSchema.Version}).");
            if (version < SqliteSchema.Version)
            {
                foreach (var script in SqliteSchema.Upgrades[(int)version..])
                    session.Execute(script);
                session.Execute($"PRAGMA user_version = {SqliteSchema.Version}");
            }
            session.Execute("COMMIT");
        }
        catch
        {
            if (session.InTransaction)
                session.Execute("ROLLBACK");
            throw;
        }
    }

    private void SeedChangeNumbers(SqliteSession session)
    {
        using var r = session.Command("SELECT guid, last_cn FROM mailboxes").ExecuteReader();
        while (r.Read())
        {
            var id = new MailboxId(new Guid(r.GetFieldValue<byte[]>(0)));
            var cn = r.GetInt64(1);
            _published[id] = cn;
            (_notifier as MailboxNotifier)?.SetKnownChangeNumber(id, cn);
        }
    }

    // ---- writes ----------------------------------------------------------------------------------

    private async ValueTask<T> WriteAsync<T>(Func<WriteContext, T> body, Func<T, bool>? isFailure, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await _writer.EnqueueAsync(body, isFailure, ct).ConfigureAwait(false);
    }

    private ValueTask<StoreResult<T>> WriteAsync<T>(Func<WriteContext, StoreResult<T>> body, CancellationToken ct) =>
        WriteAsync(body, static r => !r.IsSuccess, ct);

    /// <summary>Runs after a batch committed: removes blob files no longer referenced and publishes one change per mailbox.</summary>
    private void AfterCommit(IReadOnlyList<WriteContext> batch)
    {
        var merged = new Dictionary<MailboxId, WriteContext.TouchedMailbox>();
        if (batch.Any(ctx => ctx.SearchWork))
            _indexer.Signal();
        foreach (var ctx in batch)
        {
            foreach (var path in ctx.FilesToDeleteAfterCommit)
                _files.Delete(path);
            foreach (var (mailbox, t) in ctx.Touched)
            {
                if (!merged.TryGetValue(mailbox, out var m))
                    merged[mailbox] = m = new WriteContext.TouchedMailbox();
                m.ChangeNumber = Math.Max(m.ChangeNumber, t.ChangeNumber);
                m.Hierarchy |= t.Hierarchy;
                m.Folders.UnionWith(t.Folders);
                m.Created |= t.Created;
                m.Deleted |= t.Deleted;
            }
        }
        foreach (var (mailbox, t) in merged)
        {
            if (t.Created)
                _published[mailbox] = t.ChangeNumber;
            else if (!TryAdvance(mailbox, t.ChangeNumber))
                continue;
            _notifier.Publish(new MailboxChange(mailbox, t.ChangeNumber, t.Folders.Order().Select(f => new FolderId(f)).ToList(), t.Hierarchy));
            if (t.Deleted)
                _published.TryRemove(mailbox, out _);
        }
    }

    private bool TryAdvance(MailboxId mailbox, long changeNumber)
    {
        while (true)
        {
            if (!_published.TryGetValue(mailbox, out var current))
            {
                if (_published.TryAdd(mailbox, changeNumber))
                    return true;
                continue;
            }
            if (changeNumber <= current)
                return false;
            if (_published.TryUpdate(mailbox, changeNumber, current))
                return true;
        }
    }

    /// <summary>Resolves a mailbox inside the write transaction.</summary>
    private static MailboxRow? ResolveMailbox(WriteContext ctx, MailboxId mailbox)
    {
        using var r = ctx.Session.Command("SELECT mbx, replica FROM mailboxes WHERE guid = $g").With("$g", mailbox.Value.ToByteArray()).ExecuteReader();
        return r.Read() ? new MailboxRow(r.GetInt64(0), mailbox, new Guid(r.GetFieldValue<byte[]>(1))) : null;
    }

    /// <summary>
    /// Takes <paramref name="changeNumbers"/> change numbers and <paramref name="ids"/> ids from the mailbox row, inside
    /// the write transaction (so they are monotonic across processes), and adjusts the quota counters. Returns the last
    /// change number and id taken.
    /// </summary>
    private static (long LastChangeNumber, long LastId) Allocate(WriteContext ctx, long mbx, int changeNumbers, int ids, long bytes = 0, int items = 0)
    {
        using var r = ctx.Session.Command("""
            UPDATE mailboxes SET last_cn = last_cn + $c, next_id = next_id + $i, used_bytes = used_bytes + $b, item_count = item_count + $n
            WHERE mbx = $m RETURNING last_cn, next_id
            """).With("$c", changeNumbers).With("$i", ids).With("$b", bytes).With("$n", items).With("$m", mbx).ExecuteReader();
        if (!r.Read())
            throw new InvalidOperationException("The mailbox row vanished inside the write transaction.");
        var last = (r.GetInt64(0), r.GetInt64(1));
        // MS-OXCDATA 2.2.1.1: ids and change numbers are 48-bit global counters.
        if (last.Item1 > 0xFFFF_FFFF_FFFFL || last.Item2 > 0xFFFF_FFFF_FFFFL)
            throw new InvalidOperationException("The mailbox's 48-bit counters are exhausted.");
        return last;
    }

    private static byte[] Key(Guid replica, long counter) => new ChangeKey(replica, counter).ToBytes();

    // ---- disposal --------------------------------------------------------------------------------

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _indexer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _poller.ConfigureAwait(false);
            await _checkpointer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _writerSession.Dispose();
        _reads.Dispose();
        _stop.Dispose();
    }

    private static StoreResult<T> Fail<T>(StoreError error, string message) => StoreResult<T>.Fail(error, message);

    private static PropertyBag DecodeBag(byte[] props, Func<PropertyBag> fallback)
    {
        try
        {
            return PropertyBagSerializer.Deserialize(props);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            return fallback();
        }
    }

    private static SqliteCommand WithMailbox(SqliteCommand command, MailboxId mailbox) => command.With("$g", mailbox.Value.ToByteArray());
}
