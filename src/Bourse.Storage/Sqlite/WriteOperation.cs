namespace Bourse.Storage.Sqlite;

/// <summary>A queued write: runs on the writer inside a batch transaction, completes after the batch commits.</summary>
internal abstract class WriteOperation
{
    /// <summary>Effects of the last successful run, applied after commit.</summary>
    public WriteContext? Effects { get; protected set; }

    /// <summary>False when the caller gave up before the operation started; it is then dropped.</summary>
    public abstract bool TryBegin();

    /// <summary>Runs the operation under a savepoint; an expected failure or an exception undoes only its own writes.</summary>
    public abstract void Run(SqliteSession session, TimeProvider time);

    public abstract void Fail(Exception error);

    public abstract void Complete();
}

internal sealed class WriteOperation<T>(Func<WriteContext, T> body, Func<T, bool>? isFailure, CancellationToken ct) : WriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _completion.Task;

    public override bool TryBegin()
    {
        if (!ct.IsCancellationRequested)
            return true;
        _completion.TrySetCanceled(ct);
        return false;
    }

    public override void Run(SqliteSession session, TimeProvider time)
    {
        var ctx = new WriteContext(session, time);
        Effects = null;
        _error = null;
        try
        {
            _result = ctx.Isolated(() => body(ctx), r => isFailure?.Invoke(r) ?? false);
            Effects = ctx;
        }
#pragma warning disable CA1031 // an unexpected failure of one operation is reported to its caller only
        catch (Exception e)
#pragma warning restore CA1031
        {
            // An I/O or disk-full error can end the whole transaction: then the batch fails and is retried op by op.
            if (!session.InTransaction)
                throw new BatchAbortedException(e);
            _error = e;
        }
    }

    public override void Fail(Exception error) => _error = error;

    public override void Complete()
    {
        if (_error is not null)
            _completion.TrySetException(_error);
        else
            _completion.TrySetResult(_result!);
    }
}

internal sealed class BatchAbortedException(Exception inner) : Exception("The batch transaction was aborted.", inner);
