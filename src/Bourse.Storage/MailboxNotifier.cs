using System.Collections.Concurrent;
using Bourse.Core.Ids;

namespace Bourse.Storage;

/// <summary>
/// In-process change notification bus. Waiters await a task per mailbox (no thread is held); a publish completes every
/// waiter of that mailbox at once and calls the subscribers.
/// </summary>
public sealed class MailboxNotifier : IMailboxNotifier
{
    private readonly ConcurrentDictionary<MailboxId, MailboxState> _states = new();

    /// <summary>The highest change number this notifier knows for the mailbox (0 when none).</summary>
    public long GetKnownChangeNumber(MailboxId mailbox) => _states.TryGetValue(mailbox, out var s) ? Volatile.Read(ref s.LastChangeNumber) : 0;

    /// <summary>
    /// Records the mailbox's current change number without notifying anyone, so that a later <see cref="WaitAsync"/> behind it
    /// completes at once (a store calls this at start-up for the state already on disk).
    /// </summary>
    public void SetKnownChangeNumber(MailboxId mailbox, long changeNumber)
    {
        var state = GetState(mailbox);
        lock (state)
        {
            if (changeNumber > state.LastChangeNumber)
                state.LastChangeNumber = changeNumber;
        }
    }

    public async ValueTask<MailboxChange> WaitAsync(MailboxId mailbox, long afterChangeNumber, CancellationToken ct)
    {
        var state = GetState(mailbox);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            Task<MailboxChange> next;
            lock (state)
            {
                if (state.LastChangeNumber > afterChangeNumber)
                {
                    // A change the caller has not seen is already committed; the caller re-reads changes since its number.
                    return state.Last is { } last && last.ChangeNumber == state.LastChangeNumber
                        ? last
                        : new MailboxChange(mailbox, state.LastChangeNumber, [], HierarchyChanged: false);
                }
                next = state.Next.Task;
            }
            var change = await next.WaitAsync(ct).ConfigureAwait(false);
            if (change.ChangeNumber > afterChangeNumber)
                return change;
        }
    }

    public IDisposable Subscribe(MailboxId mailbox, Action<MailboxChange> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var state = GetState(mailbox);
        lock (state)
            state.Handlers = [.. state.Handlers, handler];
        return new Subscription(state, handler);
    }

    public void Publish(MailboxChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var state = GetState(change.Mailbox);
        TaskCompletionSource<MailboxChange> completed;
        Action<MailboxChange>[] handlers;
        lock (state)
        {
            if (change.ChangeNumber > state.LastChangeNumber)
            {
                state.LastChangeNumber = change.ChangeNumber;
                state.Last = change;
            }
            completed = state.Next;
            state.Next = NewSource();
            handlers = state.Handlers;
        }
        completed.TrySetResult(change);
        foreach (var handler in handlers)
        {
            try
            {
                handler(change);
            }
#pragma warning disable CA1031 // a failing subscriber must not stop the others nor the committing writer
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private MailboxState GetState(MailboxId mailbox) => _states.GetOrAdd(mailbox, static _ => new MailboxState());

    private static TaskCompletionSource<MailboxChange> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class MailboxState
    {
        public long LastChangeNumber;
        public MailboxChange? Last;
        public TaskCompletionSource<MailboxChange> Next = NewSource();
        public Action<MailboxChange>[] Handlers = [];
    }

    private sealed class Subscription(MailboxState state, Action<MailboxChange> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            lock (state)
            {
                var list = state.Handlers.ToList();
                list.Remove(handler);
                state.Handlers = [.. list];
            }
        }
    }
}
