using System.Collections.Concurrent;

namespace Bourse.Directory.Sqlite;

/// <summary>
/// One generation of cached reads. Invalidation never edits a snapshot: it replaces it with an empty one, so a read
/// that started before a write can only fill the generation the write already discarded.
/// </summary>
internal sealed class DirectoryCacheSnapshot(int capacity)
{
    private readonly ConcurrentDictionary<DirectoryCacheKey, object?> _entries = new();
    private int _count;

    public bool TryGet<T>(DirectoryCacheKey key, out T? value)
    {
        if (_entries.TryGetValue(key, out var found))
        {
            value = (T?)found;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>False when the snapshot is full (the entry was not added).</summary>
    public bool TryAdd(DirectoryCacheKey key, object? value)
    {
        if (Volatile.Read(ref _count) >= capacity)
            return false;
        if (_entries.TryAdd(key, value))
            Interlocked.Increment(ref _count);
        return true;
    }
}
