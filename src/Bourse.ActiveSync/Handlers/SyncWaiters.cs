using System.Collections.Concurrent;
using Bourse.Core.Ids;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// Coordination of one device's Sync requests in this process. Held requests (Wait / HeartbeatInterval), one per
/// (mailbox, device): a newer Sync from the same device ends the one it supersedes, which then answers empty without
/// writing any state (a held request has nothing to report, by construction). Requests are ordered by arrival, so an
/// older request that reaches its wait after a newer one gives way instead of ending it. And a device's passes run one
/// at a time (a device that gave up on a slow answer and asked again must not have both compute key N + 1). Only
/// coordination lives here; the protocol state is in the store.
/// </summary>
internal sealed class SyncWaiters
{
    private readonly ConcurrentDictionary<(MailboxId Mailbox, string Device), (long Ticket, CancellationTokenSource Source)> _held = new();
    private readonly ConcurrentDictionary<(MailboxId Mailbox, string Device), long> _latest = new();
    private readonly ConcurrentDictionary<(MailboxId Mailbox, string Device), SemaphoreSlim> _passes = new();
    private long _arrivals;

    internal int Count => _held.Count;

    /// A request arrives: it gets its place in the order and ends the request the device still has held.
    internal long Arrive(MailboxId mailbox, string deviceKey)
    {
        var ticket = Interlocked.Increment(ref _arrivals);
        _latest.AddOrUpdate((mailbox, deviceKey), ticket, (_, current) => Math.Max(current, ticket));
        if (_held.TryGetValue((mailbox, deviceKey), out var older) && older.Ticket < ticket)
            Cancel(older.Source);
        return ticket;
    }

    /// False when a newer request of the device has arrived since (the caller then gives way: it answers empty).
    internal bool IsLatest(MailboxId mailbox, string deviceKey, long ticket) =>
        !_latest.TryGetValue((mailbox, deviceKey), out var latest) || latest <= ticket;

    /// Registers a held request; the older of it and the device's current one is ended.
    internal void Enter(MailboxId mailbox, string deviceKey, long ticket, CancellationTokenSource held) =>
        _held.AddOrUpdate((mailbox, deviceKey), (ticket, held), (_, current) =>
        {
            if (current.Ticket > ticket)
            {
                Cancel(held);
                return current;
            }

            if (!ReferenceEquals(current.Source, held))
                Cancel(current.Source);
            return (ticket, held);
        });

    /// Removes the request unless a newer one of the device has taken its place.
    internal void Leave(MailboxId mailbox, string deviceKey, long ticket, CancellationTokenSource held) =>
        _held.TryRemove(KeyValuePair.Create((mailbox, deviceKey), (ticket, held)));

    /// Waits until no other pass of the device runs; dispose the result to let the next one in.
    internal async ValueTask<IDisposable> EnterPassAsync(MailboxId mailbox, string deviceKey, CancellationToken ct)
    {
        var gate = _passes.GetOrAdd((mailbox, deviceKey), static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Pass(gate);
    }

    private sealed class Pass(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            // Asynchronously: the other request's answer must not be written on this request's thread.
            _ = source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // It ended on its own meanwhile.
        }
    }
}
