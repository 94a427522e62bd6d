using System.Text;
using System.Threading.Channels;
using Bourse.Core.Properties;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// Applies queued search-index work (fts_queue in the mail database) to the FTS5 index in search.db, in large batches on
/// its own thread, so the mail writer's group commits never pay for tokenizing bodies (as Exchange, content indexing is
/// asynchronous; <see cref="SqliteMailStore.SearchAsync"/> waits for it to catch up, so a search sees every committed
/// write). The cursor (last queue seq applied) is committed with the index changes: a crash neither loses nor repeats
/// work, and indexers of several processes (server and CLI) serialize on search.db's write lock without doing work twice.
/// </summary>
internal sealed class SqliteSearchIndexer : IAsyncDisposable
{
    /// <summary>Bodies beyond this many characters are not indexed (the first part of a huge body is what people search).</summary>
    public const int MaxIndexedBodyChars = 256 * 1024;

    /// <summary>
    /// How long new work may wait to be indexed with what follows it when no search is waiting: under a stream of
    /// deliveries, a batch of about a second's mail makes one FTS5 segment instead of five.
    /// </summary>
    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(500);

    private readonly string _mainPath;
    private readonly BlobFileStore _files;
    private readonly string _searchPath;
    private readonly TimeSpan _busyTimeout;
    private readonly int _batchSize;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _indexedThrough;
    private long _sincePrune;
    private int _waiters;
    private long _busyTicks;
    private long _applied;
    private long _cpuNanoseconds;

    /// <summary>CPU time the indexer thread spent on batches.</summary>
    public TimeSpan Cpu => TimeSpan.FromTicks(Interlocked.Read(ref _cpuNanoseconds) / 100);

    /// <summary>Time spent applying index batches (Stopwatch ticks) and queue entries applied.</summary>
    public (long BusyTicks, long Applied) Counters => (Interlocked.Read(ref _busyTicks), Interlocked.Read(ref _applied));

    public SqliteSearchIndexer(string mainPath, string searchPath, BlobFileStore files, TimeSpan busyTimeout, int batchSize)
    {
        _mainPath = mainPath;
        _files = files;
        _searchPath = searchPath;
        _busyTimeout = busyTimeout;
        _batchSize = Math.Max(1, batchSize);
        using (var init = SqliteSession.Open(searchPath, busyTimeout, writer: true))
        {
            init.Execute("BEGIN IMMEDIATE");
            init.Execute(SqliteSchema.CreateSearch);
            init.Execute(SqliteSchema.TuneSearch);
            _indexedThrough = init.Command("SELECT v FROM search_state WHERE k = 'cursor'").ScalarInt64() ?? 0;
            init.Execute("COMMIT");
        }
        _loop = Task.Run(RunAsync);
        Signal();
    }

    /// <summary>The last fts_queue seq whose work is in the index.</summary>
    public long IndexedThrough => Volatile.Read(ref _indexedThrough);

    public void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>Waits until the index has applied the queue through <paramref name="seq"/>, or the timeout passes.</summary>
    public async Task<bool> WaitForAsync(long seq, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        Interlocked.Increment(ref _waiters);
        Volatile.Read(ref _hurry).TrySetResult();
        try
        {
        while (IndexedThrough < seq)
        {
            var progress = Volatile.Read(ref _progress).Task;
            Signal();
            if (IndexedThrough >= seq)
                break;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                return false;
            try
            {
                await progress.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
        return true;
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    private async Task RunAsync()
    {
        SqliteSession? search = null;
        SqliteSession? main = null;
        try
        {
            while (true)
            {
                // Wake on a signal from a commit, or every second to pick up another process's writes.
                using (var tick = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    tick.CancelAfter(TimeSpan.FromSeconds(1));
                    try
                    {
                        await _signal.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                    {
                    }
                }
                _stop.Token.ThrowIfCancellationRequested();
                // Let work accumulate unless a search is waiting (one that starts waiting cuts the pause short): FTS5
                // writes one segment per transaction, so fewer, larger batches cost much less than one per mail commit.
                var hurry = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _hurry, hurry);
                if (Volatile.Read(ref _waiters) == 0)
                    await Task.WhenAny(Task.Delay(CoalesceDelay, _stop.Token), hurry.Task).ConfigureAwait(false);
                _stop.Token.ThrowIfCancellationRequested();
                try
                {
                    if (search is null)
                    {
                        search = SqliteSession.Open(_searchPath, _busyTimeout, writer: true);
                        // Derived data: a transaction lost to a power cut is re-applied from the queue (the cursor is in
                        // the same file), so the index needs no fsync per commit (WAL + NORMAL stays consistent).
                        search.Execute("PRAGMA synchronous = NORMAL;");
                    }
                    main ??= OpenMain();
                    while (!_stop.IsCancellationRequested && RunBatch(search, main))
                    {
                    }
                    PruneQueue(main);
                }
                catch (SqliteException)
                {
                    // Busy or transient (another process holds a lock too long): retry on the next wake-up.
                    search?.Dispose();
                    main?.Dispose();
                    search = main = null;
                }
                finally
                {
                    Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            search?.Dispose();
            main?.Dispose();
        }
    }

    /// <summary>Applies one batch; true when there may be more.</summary>
    private bool RunBatch(SqliteSession search, SqliteSession main)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpuStarted = ThreadCpuClock.NowNanoseconds();
        try
        {
            return RunBatchCore(search, main);
        }
        finally
        {
            Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            Interlocked.Add(ref _cpuNanoseconds, ThreadCpuClock.NowNanoseconds() - cpuStarted);
        }
    }

    /// <summary>Queue entries read in one read transaction of the mail database.</summary>
    private const int ReadChunk = 256;

    /// <summary>
    /// The queue entries after a seq, with what the index needs of each item as SQLite holds it: the mailbox token, the
    /// subject, the sender, and the body (the search text; or the body's range cut out of an inline MIME blob, which SQLite
    /// does with substr on the blob, counting bytes; or the path of a MIME file; or the property bag that holds it).
    /// </summary>
    private const string WorkSql = """
        SELECT q.seq, q.rid, q.op, i.mbx, 'm' || i.mbx, i.subject,
            CASE WHEN coalesce(i.sender_name, '') = '' THEN coalesce(i.sender_address, '')
                 WHEN coalesce(i.sender_address, '') = '' THEN i.sender_name
                 ELSE i.sender_name || ' ' || i.sender_address END,
            substr(i.search_text, 1, 262144),
            CASE WHEN i.search_text IS NULL THEN i.props END, i.mime_refs,
            substr(b.data, bourse_body_offset(i.mime_refs) + 1, bourse_body_length(i.mime_refs)), b.path
        FROM fts_queue q LEFT JOIN items i ON i.rid = q.rid AND q.op <> 0
        LEFT JOIN blobs b ON b.id = i.mime_blob AND i.search_text IS NULL AND i.mime_refs IS NOT NULL
        WHERE q.seq > ?1 ORDER BY q.seq LIMIT ?2
        """;

    private bool RunBatchCore(SqliteSession search, SqliteSession main)
    {
        search.Execute("BEGIN IMMEDIATE");
        var committed = false;
        try
        {
            var cursor = search.Command("SELECT v FROM search_state WHERE k = 'cursor'").ScalarInt64() ?? 0;
            var (last, applied) = Apply(search, main, cursor);
            if (last != cursor)
                search.Command("UPDATE search_state SET v = $v WHERE k = 'cursor'").With("$v", last).ExecuteNonQuery();
            search.Execute("COMMIT");
            committed = true;
            _sincePrune += applied;
            Interlocked.Add(ref _applied, applied);
            Volatile.Write(ref _indexedThrough, Math.Max(IndexedThrough, last));
            return applied == _batchSize;
        }
        finally
        {
            if (!committed && search.InTransaction)
                search.Execute("ROLLBACK");
        }
    }

    /// <summary>
    /// Applies up to a batch of queue entries after <paramref name="cursor"/> inside the caller's index transaction; returns
    /// the last seq applied and how many. Row by row from the mail database into FTS5, the texts bound as the bytes SQLite
    /// read: no string per subject or sender, and no copy of a body on the managed heap, which a batch of thousands of
    /// bodies would otherwise fill (and the garbage collector copy) while it is applied.
    /// </summary>
    private (long Last, int Applied) Apply(SqliteSession search, SqliteSession main, long cursor)
    {
        var delete = search.Fast("DELETE FROM items_fts WHERE rowid = ?1");
        var insert = search.Fast("INSERT INTO items_fts(rowid, mb, subject, body, sender) VALUES(?1, ?2, ?3, ?4, ?5)");
        var read = main.Fast(WorkSql);
        var skipped = new HashSet<long>();
        var (last, applied) = (cursor, 0);
        while (applied < _batchSize)
        {
            // A short read transaction per chunk: a snapshot held for a whole batch would keep the mail database's WAL
            // from being checkpointed and restarted while the writer goes on.
            var rows = 0;
            main.Execute("BEGIN");
            try
            {
                read.Bind(1, last).Bind(2, (long)Math.Min(ReadChunk, _batchSize - applied));
                while (read.Step())
                {
                    rows++;
                    last = read.Int64(0);
                    applied++;
                    var rid = read.Int64(1);
                    var op = (SearchOp)read.Int64(2);
                    if (op == SearchOp.Remove && skipped.Remove(rid))
                        continue;
                    if (op != SearchOp.Add)
                        delete.Bind(1, rid).Run();
                    if (op == SearchOp.Remove)
                        continue;
                    if (read.IsNull(3))
                    {
                        // The item is gone already; its Remove follows in the queue and has nothing to remove.
                        if (op == SearchOp.Add)
                            skipped.Add(rid);
                        continue;
                    }
                    insert.Bind(1, rid).BindText(2, read.Span(4)).BindText(3, read.Span(5)).BindText(5, read.Span(6));
                    if (!read.IsNull(7))
                        insert.BindText(4, read.Span(7));
                    else if (!read.IsNull(10))
                        insert.BindText(4, WholeCharacters(read.Span(10), MimeBodyLength(read.Span(9))));
                    else if (!read.IsNull(11) && BodyFromFile(read.Span(9), Encoding.UTF8.GetString(read.Span(11))) is { } fromFile)
                        insert.BindText(4, fromFile);
                    else
                        insert.Bind(4, Cut(BodyOf(read.IsNull(8) ? default : read.Span(8))));
                    insert.Run();
                }
            }
            finally
            {
                read.Reset();
                main.Execute("COMMIT");
            }
            if (rows < ReadChunk)
                break;
        }
        return (last, applied);
    }

    /// <summary>The length of the body range <paramref name="refs"/> names (the whole body, not the indexed part).</summary>
    private static int MimeBodyLength(ReadOnlySpan<byte> refs) =>
        MimeRefs.RangeOf(refs, PropTags.Body) is { Length: >= 0 } at ? at.Length : 0;

    /// <summary>
    /// <paramref name="cut"/>, the first bytes of a UTF-8 body of <paramref name="fullLength"/> bytes, without the last
    /// character when the cut split it.
    /// </summary>
    private static ReadOnlySpan<byte> WholeCharacters(ReadOnlySpan<byte> cut, int fullLength)
    {
        if (cut.Length >= fullLength || cut.Length == 0)
            return cut;
        var lead = cut.Length - 1;
        while (lead > 0 && (cut[lead] & 0xC0) == 0x80)
            lead--;
        var size = cut[lead] switch { < 0x80 => 1, >= 0xF0 => 4, >= 0xE0 => 3, >= 0xC0 => 2, _ => 1 };
        return lead + size > cut.Length ? cut[..lead] : cut;
    }

    /// <summary>The first <see cref="MaxIndexedBodyChars"/> bytes of a body kept in a MIME file (whole characters), or null.</summary>
    private byte[]? BodyFromFile(ReadOnlySpan<byte> refs, string path)
    {
        if (MimeRefs.RangeOf(refs, PropTags.Body) is not { } at || at.Offset < 0 || at.Length < 0)
            return null;
        var length = Math.Min(at.Length, MaxIndexedBodyChars);
        var bytes = _files.ReadRange(path, at.Offset, length);
        if (bytes is null || bytes.Length < length)
            return null;
        var whole = WholeCharacters(bytes, at.Length);
        return whole.Length == bytes.Length ? bytes : whole.ToArray();
    }

    private static string Cut(string body) => body.Length > MaxIndexedBodyChars ? body[..MaxIndexedBodyChars] : body;

    /// <summary>The mail database, read-only here, with the two functions that locate an item's body in its MIME.</summary>
    private SqliteSession OpenMain()
    {
        var session = SqliteSession.Open(_mainPath, _busyTimeout, writer: false);
        session.Connection.CreateFunction<byte[]?, long?>("bourse_body_offset",
            refs => MimeRefs.RangeOf(refs, PropTags.Body)?.Offset, isDeterministic: true);
        session.Connection.CreateFunction<byte[]?, long?>("bourse_body_length",
            refs => MimeRefs.RangeOf(refs, PropTags.Body) is { } at ? Math.Min(at.Length, MaxIndexedBodyChars) : null, isDeterministic: true);
        return session;
    }

    private static string BodyOf(ReadOnlySpan<byte> props)
    {
        if (props.IsEmpty)
            return "";
        try
        {
            return PropertyBagSerializer.Deserialize(props.ToArray()).GetString(PropTags.Body) ?? "";
        }
        catch (FormatException)
        {
            return "";
        }
    }

    /// <summary>Drops applied queue entries now and then (a short write on the mail database, outside the mail writer).</summary>
    private void PruneQueue(SqliteSession main)
    {
        if (_sincePrune < 10_000)
            return;
        _sincePrune = 0;
        using var writer = SqliteSession.Open(_mainPath, _busyTimeout, writer: false);
        writer.Command("DELETE FROM fts_queue WHERE seq <= $c").With("$c", IndexedThrough).ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _signal.Writer.TryComplete();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
