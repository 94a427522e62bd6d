using System.Collections.Concurrent;

namespace Bourse.ClientAccess.Throttling;

/// <summary>
/// Counts failures per key over a sliding window; reaching the limit blocks the key for a fixed duration.
/// Bounded: beyond the key cap, idle entries are swept.
/// </summary>
internal sealed class SlidingWindowLockout(Func<(int Limit, TimeSpan Window, TimeSpan Duration)> settings, int maxKeys, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int TrackedKeys => _entries.Count;

    /// <summary>How much longer the key is blocked, or zero when it is not.</summary>
    public TimeSpan BlockedFor(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return TimeSpan.Zero;
        }
        var now = time.GetUtcNow();
        lock (entry)
        {
            return entry.BlockedUntil > now ? entry.BlockedUntil - now : TimeSpan.Zero;
        }
    }

    public void RecordFailure(string key)
    {
        var (limit, window, duration) = settings();
        if (limit <= 0)
        {
            return;
        }
        if (_entries.Count >= maxKeys)
        {
            Sweep();
        }
        var entry = _entries.GetOrAdd(key, static _ => new Entry());
        var now = time.GetUtcNow();
        lock (entry)
        {
            if (entry.BlockedUntil > now)
            {
                return;
            }
            while (entry.Failures.Count > 0 && entry.Failures.Peek() <= now - window)
            {
                entry.Failures.Dequeue();
            }
            entry.Failures.Enqueue(now);
            entry.LastActivity = now;
            if (entry.Failures.Count >= limit)
            {
                entry.BlockedUntil = now + duration;
                entry.Failures.Clear();
            }
        }
    }

    /// <summary>Forgets the failures counted so far (not an active block).</summary>
    public void ResetFailures(string key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            lock (entry)
            {
                entry.Failures.Clear();
            }
        }
    }

    private void Sweep()
    {
        var (_, window, _) = settings();
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            bool idle;
            lock (entry)
            {
                idle = entry.BlockedUntil <= now && entry.LastActivity <= now - window;
            }
            if (idle)
            {
                _entries.TryRemove(key, out _);
            }
        }
        if (_entries.Count >= maxKeys)
        {
            // Still full of live entries: drop the least recently active unblocked ones rather than grow without bound.
            foreach (var (key, _) in _entries.Where(e => e.Value.BlockedUntil <= now).OrderBy(e => e.Value.LastActivity).Take(Math.Max(1, maxKeys / 10)).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed class Entry
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset BlockedUntil { get; set; }

        public DateTimeOffset LastActivity { get; set; }
    }
}
