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

    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(100);

    private readonly string _mainPath;
    private readonly BlobFileStore _files;
    private readonly string _searchPath;
    private readonly TimeSpan _busyTimeout;
    private readonly int _batchSize;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
                // Let work accumulate unless a search is waiting: FTS5 writes one segment per transaction, so fewer,
                // larger batches cost much less than one per mail commit.
                if (Volatile.Read(ref _waiters) == 0)
                    await Task.Delay(CoalesceDelay, _stop.Token).ConfigureAwait(false);
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

    private bool RunBatchCore(SqliteSession search, SqliteSession main)
    {
        search.Execute("BEGIN IMMEDIATE");
        var committed = false;
        try
        {
            var cursor = search.Command("SELECT v FROM search_state WHERE k = 'cursor'").ScalarInt64() ?? 0;
            var work = ReadWork(main, cursor);
            var skipped = new HashSet<long>();
            foreach (var w in work)
            {
                if (w.Op == SearchOp.Remove && skipped.Remove(w.Rid))
                    continue;
                if (w.Op != SearchOp.Add)
                    search.Command("DELETE FROM items_fts WHERE rowid = $r").With("$r", w.Rid).ExecuteNonQuery();
                if (w.Op == SearchOp.Remove)
                    continue;
                if (w.Mbx is not { } mbx)
                {
                    // The item is gone already; its Remove follows in the queue and has nothing to remove.
                    if (w.Op == SearchOp.Add)
                        skipped.Add(w.Rid);
                    continue;
                }
                search.Command("INSERT INTO items_fts(rowid, mb, subject, body, sender) VALUES($r, $mb, $s, $b, $f)")
                    .With("$r", w.Rid).With("$mb", FtsQueryBuilder.MailboxToken(mbx)).With("$s", w.Subject).With("$b", w.Body)
                    .With("$f", w.Sender).ExecuteNonQuery();
            }
            var last = work.Count > 0 ? work[^1].Seq : cursor;
            if (last != cursor)
                search.Command("UPDATE search_state SET v = $v WHERE k = 'cursor'").With("$v", last).ExecuteNonQuery();
            search.Execute("COMMIT");
            committed = true;
            _sincePrune += work.Count;
            Interlocked.Add(ref _applied, work.Count);
            Volatile.Write(ref _indexedThrough, Math.Max(IndexedThrough, last));
            return work.Count == _batchSize;
        }
        finally
        {
            if (!committed && search.InTransaction)
                search.Execute("ROLLBACK");
        }
    }

    private List<Work> ReadWork(SqliteSession main, long cursor)
    {
        var work = new List<Work>(Math.Min(_batchSize, 1024));
        main.Execute("BEGIN");
        try
        {
            // A body kept in the MIME (MimeRefs) is read from the MIME blob as the UTF-8 bytes it is and bound as they are:
            // FTS5 reads a bound blob as text, so the body is never decoded to a string and encoded back. SQLite cuts the
            // range out of an inline blob (substr on a blob counts bytes), so only the body is copied out, once.
            using var r = main.Command("""
                SELECT q.seq, q.rid, q.op, i.mbx, i.subject, i.sender_name, i.sender_address, i.search_text,
                    CASE WHEN i.search_text IS NULL THEN i.props END, i.mime_refs,
                    substr(b.data, bourse_body_offset(i.mime_refs) + 1, bourse_body_length(i.mime_refs)), b.path
                FROM fts_queue q LEFT JOIN items i ON i.rid = q.rid AND q.op <> 0
                LEFT JOIN blobs b ON b.id = i.mime_blob AND i.search_text IS NULL AND i.mime_refs IS NOT NULL
                WHERE q.seq > $c ORDER BY q.seq LIMIT $n
                """).With("$c", cursor).With("$n", _batchSize).ExecuteReader();
            while (r.Read())
            {
                var op = (SearchOp)r.GetInt64(2);
                long? mbx = r.IsDBNull(3) ? null : r.GetInt64(3);
                string subject = "", sender = "";
                object body = "";
                if (mbx is not null && op != SearchOp.Remove)
                {
                    subject = r.GetString(4);
                    sender = string.Join(' ', new[] { r.GetNullableString(5), r.GetNullableString(6) }.Where(s => !string.IsNullOrEmpty(s)));
                    if (r.GetNullableString(7) is { } text)
                        body = Cut(text);
                    else if (BodyFromMime(MimeRefs.RangeOf(r.GetNullableBytes(9), PropTags.Body), r) is { } utf8)
                        body = utf8;
                    else
                        body = Cut(BodyOf(r.GetNullableBytes(8)));
                }
                work.Add(new Work(r.GetInt64(0), r.GetInt64(1), op, mbx, subject, sender, body));
            }
        }
        finally
        {
            main.Execute("COMMIT");
        }
        return work;
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

    /// <summary>The UTF-8 bytes of a body kept in the MIME (at most MaxIndexedBodyChars bytes, cut on a character boundary).</summary>
    private byte[]? BodyFromMime((int Offset, int Length)? range, SqliteDataReader r)
    {
        if (range is not { } at || at.Offset < 0 || at.Length < 0)
            return null;
        var length = Math.Min(at.Length, MaxIndexedBodyChars);
        byte[]? bytes;
        if (r.GetNullableString(11) is { } path)
        {
            bytes = _files.ReadRange(path, at.Offset, length);
        }
        else
        {
            bytes = r.GetNullableBytes(10);
        }
        if (bytes is null || bytes.Length < length)
            return null;
        if (length < at.Length && length > 0)
        {
            // Cut before a character the limit splits: find the last lead byte and whether its sequence fits.
            var lead = length - 1;
            while (lead > 0 && (bytes[lead] & 0xC0) == 0x80)
                lead--;
            var size = bytes[lead] switch { < 0x80 => 1, >= 0xF0 => 4, >= 0xE0 => 3, >= 0xC0 => 2, _ => 1 };
            if (lead + size > length)
                bytes = bytes[..lead];
        }
        return bytes;
    }

    private static string BodyOf(byte[]? props)
    {
        if (props is null)
            return "";
        try
        {
            return PropertyBagSerializer.Deserialize(props).GetString(PropTags.Body) ?? "";
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

    /// <summary>One queue entry; <paramref name="Body"/> is a string or UTF-8 bytes.</summary>
    private sealed record Work(long Seq, long Rid, SearchOp Op, long? Mbx, string Subject, string Sender, object Body);
}
