namespace Bourse.Storage.Sqlite;

/// <summary>A queued write: runs on the writer inside a transaction, completes after that transaction commits.</summary>
internal abstract class WriteOperation
{
    /// <summary>Effects of the last successful run, applied after commit.</summary>
    public WriteContext? Effects { get; protected set; }

    /// <summary>True when the last run produced a result (success or expected failure) rather than an exception.</summary>
    public abstract bool Succeeded { get; }

    /// <summary>False when the caller gave up before the operation started; it is then dropped.</summary>
    public abstract bool TryBegin();

    /// <summary>
    /// Runs inside a shared batch transaction. Operations check before they write, so an expected failure has written
    /// nothing; if one did write (or threw), <see cref="BatchRetryException"/> tells the writer to roll the batch back
    /// and run every operation alone.
    /// </summary>
    public abstract void RunInBatch(SqliteSession session, TimeProvider time);

    /// <summary>Runs in a transaction of its own; returns true when that transaction should commit.</summary>
    public abstract bool RunAlone(SqliteSession session, TimeProvider time);

    public abstract void Fail(Exception error);

    public abstract void Complete();
}

internal sealed class WriteOperation<T>(Func<WriteContext, T> body, Func<T, bool>? isFailure, CancellationToken ct) : WriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _completion.Task;

    public override bool Succeeded => _error is null;

    public override bool TryBegin()
    {
        if (!ct.IsCancellationRequested)
            return true;
        _completion.TrySetCanceled(ct);
        return false;
    }

    public override void RunInBatch(SqliteSession session, TimeProvider time)
    {
        var ctx = new WriteContext(session, time);
        var before = session.TotalChanges;
        Effects = null;
        _error = null;
        try
        {
            _result = body(ctx);
        }
        catch (Exception e)
        {
            throw new BatchRetryException(e);
        }
        var failed = isFailure?.Invoke(_result) ?? false;
        if (failed && session.TotalChanges != before)
            throw new BatchRetryException(null);
        Effects = failed ? null : ctx;
    }

    public override bool RunAlone(SqliteSession session, TimeProvider time)
    {
        var ctx = new WriteContext(session, time);
        Effects = null;
        _error = null;
        try
        {
            _result = body(ctx);
        }
#pragma warning disable CA1031 // an unexpected failure of one operation is reported to its caller only
        catch (Exception e)
#pragma warning restore CA1031
        {
            _error = e;
            return false;
        }
        if (isFailure?.Invoke(_result) ?? false)
            return false;
        Effects = ctx;
        return true;
    }

    public override void Fail(Exception error)
    {
        _error = error;
        Effects = null;
    }

    public override void Complete()
    {
        if (_error is not null)
            _completion.TrySetException(_error);
        else
            _completion.TrySetResult(_result!);
    }
}

/// <summary>An operation in a batch threw, or failed after writing: the batch is rolled back and its operations run one by one.</summary>
internal sealed class BatchRetryException(Exception? inner) : Exception("The batch must be retried operation by operation.", inner);
