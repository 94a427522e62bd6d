using System.Threading.Channels;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// The single writer of a database, with group commit: queued operations are drained up to the batch limit, run in one
/// IMMEDIATE transaction, committed with one fsync, and only then completed. Operations validate before writing, so an
/// expected failure leaves the batch untouched; an unexpected one (or a failed commit) rolls the batch back and every
/// operation of it is run again in a transaction of its own, so one bad operation cannot fail the others.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<WriteOperation> _queue = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteSession _session;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly Action<IReadOnlyList<WriteContext>> _afterCommit;
    private readonly Task _loop;
    private long _busyTicks;
    private long _commits;
    private long _operations;
    private long _cpuNanoseconds;

    /// <summary>CPU time the writer thread spent on batches (excludes fsync waits and time descheduled).</summary>
    public TimeSpan Cpu => TimeSpan.FromTicks(Interlocked.Read(ref _cpuNanoseconds) / 100);

    /// <summary>Time spent executing and committing batches (Stopwatch ticks), commits made, operations run.</summary>
    public (long BusyTicks, long Commits, long Operations) Counters => (Interlocked.Read(ref _busyTicks), Interlocked.Read(ref _commits), Interlocked.Read(ref _operations));

    public SqliteWriter(SqliteSession session, TimeProvider time, int maxBatch, Action<IReadOnlyList<WriteContext>> afterCommit)
    {
        _session = session;
        _time = time;
        _maxBatch = Math.Max(1, maxBatch);
        _afterCommit = afterCommit;
        // A dedicated thread: the writer blocks in SQLite and fsync by design, which must not take a thread-pool thread.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = done.Task;
        var thread = new Thread(() =>
        {
            try
            {
                Run();
                done.TrySetResult();
            }
#pragma warning disable CA1031 // surfaced through the task awaited at disposal
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "bourse-writer",
        };
        thread.Start();
    }

    public Task<T> EnqueueAsync<T>(Func<WriteContext, T> body, Func<T, bool>? isFailure, CancellationToken ct)
    {
        var op = new WriteOperation<T>(body, isFailure, ct);
        if (!_queue.Writer.TryWrite(op))
            throw new ObjectDisposedException(nameof(SqliteMailStore));
        return op.Task;
    }

    private void Run()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        var reader = _queue.Reader;
        while (WaitToRead(reader))
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var op))
            {
                if (op.TryBegin())
                    batch.Add(op);
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var cpuStarted = ThreadCpuClock.NowNanoseconds();
            if (batch.Count == 1)
                ExecuteAlone(batch[0]);
            else if (batch.Count > 1)
                ExecuteBatch(batch);
            Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            Interlocked.Add(ref _cpuNanoseconds, ThreadCpuClock.NowNanoseconds() - cpuStarted);
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _operations, batch.Count);
            batch.Clear();
        }
    }

    private static bool WaitToRead(ChannelReader<WriteOperation> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void ExecuteBatch(List<WriteOperation> batch)
    {
        try
        {
            _session.Execute("BEGIN IMMEDIATE");
            foreach (var op in batch)
                op.RunInBatch(_session, _time);
            _session.Execute("COMMIT");
        }
#pragma warning disable CA1031 // the writer loop must survive any failure; callers get the exception
        catch (Exception)
#pragma warning restore CA1031
        {
            TryRollback();
            foreach (var op in batch)
                ExecuteAlone(op);
            return;
        }
        Finish(batch);
    }

    private void ExecuteAlone(WriteOperation op)
    {
        try
        {
            _session.Execute("BEGIN IMMEDIATE");
            _session.Execute(op.RunAlone(_session, _time) ? "COMMIT" : "ROLLBACK");
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            TryRollback();
            op.Fail(e);
        }
        Finish([op]);
    }

    private void Finish(List<WriteOperation> ops)
    {
        try
        {
            var effects = ops.Select(op => op.Effects).OfType<WriteContext>().ToList();
            if (effects.Count > 0)
                _afterCommit(effects);
        }
        finally
        {
            foreach (var op in ops)
                op.Complete();
        }
    }

    private void TryRollback()
    {
        try
        {
            if (_session.InTransaction)
                _session.Execute("ROLLBACK");
        }
#pragma warning disable CA1031
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
