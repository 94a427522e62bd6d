using System.Collections.Concurrent;
using Bourse.ClientAccess.Auth;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Throttling;

/// <summary>Per-user, per-protocol concurrent request counter (Exchange's *MaxConcurrency throttling settings).</summary>
internal sealed class ConcurrencyLimiter(IOptionsMonitor<BourseThrottlingOptions> options)
{
    private readonly ConcurrentDictionary<(string User, ClientAccessProtocol Protocol), Counter> _counters = new();

    /// <summary>Takes a slot; null when the user already has the protocol's limit of requests in flight.</summary>
    public Lease? TryAcquire(string user, ClientAccessProtocol protocol)
    {
        if (!options.CurrentValue.ConcurrencyLimits.TryGetValue(protocol, out var limit) || limit <= 0)
        {
            return new Lease(null);
        }
        var counter = _counters.GetOrAdd((user, protocol), static _ => new Counter());
        lock (counter)
        {
            if (counter.InFlight >= limit)
            {
                return null;
            }
            counter.InFlight++;
        }
        return new Lease(counter);
    }

    public int InFlight(string user, ClientAccessProtocol protocol)
    {
        if (!_counters.TryGetValue((user, protocol), out var counter))
        {
            return 0;
        }
        lock (counter)
        {
            return counter.InFlight;
        }
    }

    internal sealed class Counter
    {
        public int InFlight { get; set; }
    }

    /// <summary>Releases the slot once.</summary>
    internal sealed class Lease(Counter? counter) : IDisposable
    {
        private Counter? _counter = counter;

        public void Dispose()
        {
            var c = Interlocked.Exchange(ref _counter, null);
            if (c is not null)
            {
                lock (c)
                {
                    c.InFlight--;
                }
            }
        }
    }
}
