using System.Text;
using Bourse.ActiveSync.Mapping;

namespace Bourse.ActiveSync.State;

/// <summary>
/// What stands behind one Sync key of one collection: how far the device is in the folder's changes, with which filter
/// and class, the items it holds, the changes it made itself that are still ahead of that point (so they are not echoed
/// back), and what the request that produced this key did (ClientId → ServerId of its Adds, items it changed or
/// deleted), so that a retry of the previous key answers the same without doing anything twice.
/// </summary>
/// <remarks>
/// Stored as two values (<see cref="CollectionStateStore"/>): the header, small and read by every Sync of the key, and the
/// item list (about 6 bytes an item), read only when a change has to be matched against it — a quiet round of a
/// 10,000-item folder reads a few dozen bytes.
/// </remarks>
internal sealed class CollectionState
{
    private const byte FormatVersion = 2;

    // Bounds against a damaged value: far above anything real (a 4 MB value cannot hold more entries anyway).
    private const int MaxEntries = 4_000_000;

    private static readonly long FileTimeEpoch = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private Dictionary<long, int>? _items;

    /// The mailbox change number the device is up to in this folder: every change at or below it was sent or skipped on purpose.
    internal long ChangeNumber { get; set; }

    internal EasClass Class { get; set; }

    /// MS-ASCMD 2.2.3.68.2 FilterType (0 = everything).
    internal int FilterType { get; set; }

    /// MS-ASCMD 2.2.3.179: "Namespace:Name" of the elements the device said it supports (Contacts, Calendar) at SyncKey 0;
    /// null when it sent no Supported list. Elements it does not support are ghosted: absent from a Change, they stay.
    internal List<string>? Supported { get; set; }

    /// Change numbers made by this device above the position of the key before this one; skipped when they come round.
    internal SortedSet<long> OwnChanges { get; private set; } = [];

    /// ClientId → ServerId of the Adds of the request that produced this key.
    internal Dictionary<string, string> Adds { get; private set; } = new(StringComparer.Ordinal);

    /// Items the request that produced this key changed or deleted (a retried request must not apply them again).
    internal HashSet<long> Applied { get; private set; } = [];

    /// The oldest filter date among the items (minutes since 1601; 0 when none has one): nothing can have left the window
    /// while it is inside, so a quiet round does not read the item list to find out.
    internal int OldestItemMinutes { get; private set; }

    /// Where the item list is stored when it has not been read yet (the key of the state it was read with).
    internal string? ItemsKey { get; private set; }

    internal bool ItemsLoaded => _items is not null;

    /// The items the device holds: item counter → the date the filter window looks at (minutes since 1601, 0 = none).
    /// Read them first (<see cref="CollectionStateStore.EnsureItemsAsync"/>).
    internal Dictionary<long, int> Items => _items ?? throw new InvalidOperationException("The item list of this state has not been read.");

    internal static CollectionState Initial(EasClass cls, int filterType, IReadOnlyCollection<string>? supported) =>
        new() { Class = cls, FilterType = filterType, Supported = supported is null ? null : [.. supported], _items = [] };

    /// A copy for the next key: position, filter, class, own changes and items (still unread when they were); not the
    /// per-request Adds and Applied.
    internal CollectionState Next() => new()
    {
        ChangeNumber = ChangeNumber,
        Class = Class,
        FilterType = FilterType,
        Supported = Supported,
        OwnChanges = new SortedSet<long>(OwnChanges),
        OldestItemMinutes = OldestItemMinutes,
        ItemsKey = _items is null ? ItemsKey : null,
        _items = _items is null ? null : new Dictionary<long, int>(_items),
    };

    /// <summary>
    /// Forgets own changes at or below <paramref name="position"/>: the position of the key this one was made from, not
    /// this one's, so a retry of that key (which reads from there again) still recognises them.
    /// </summary>
    internal void PruneOwnChanges(long position)
    {
        while (OwnChanges.Count > 0 && OwnChanges.Min <= position)
            OwnChanges.Remove(OwnChanges.Min);
    }

    /// The filter date of an item as stored: whole minutes since 1601 (0 when the item has none).
    internal static int FilterMinutes(DateTime? utc) =>
        utc is { } d && d.Year >= 1601 ? (int)Math.Clamp((d.Ticks - FileTimeEpoch) / TimeSpan.TicksPerMinute, 1, int.MaxValue) : 0;

    /// The header.
    internal byte[] WriteHeader()
    {
        if (_items is not null)
        {
            var oldest = 0;
            foreach (var minutes in _items.Values)
            {
                if (minutes != 0 && (oldest == 0 || minutes < oldest))
                    oldest = minutes;
            }

            OldestItemMinutes = oldest;
        }

        using var buffer = new MemoryStream(64);
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write7BitEncodedInt64(ChangeNumber);
            w.Write((byte)Class);
            w.Write((byte)FilterType);
            w.Write7BitEncodedInt(OldestItemMinutes);
            w.Write7BitEncodedInt(Supported is null ? -1 : Supported.Count);
            foreach (var name in Supported ?? [])
                w.Write(name);
            w.Write7BitEncodedInt(OwnChanges.Count);
            var last = 0L;
            foreach (var cn in OwnChanges)
            {
                w.Write7BitEncodedInt64(cn - last);
                last = cn;
            }

            w.Write7BitEncodedInt(Adds.Count);
            foreach (var (clientId, serverId) in Adds)
            {
                w.Write(clientId);
                w.Write(serverId);
            }

            w.Write7BitEncodedInt(Applied.Count);
            foreach (var id in Applied)
                w.Write7BitEncodedInt64(id);
        }

        return buffer.ToArray();
    }

    /// The item list, sorted by counter and delta-encoded.
    internal byte[] WriteItems()
    {
        var items = Items;
        var ids = new long[items.Count];
        items.Keys.CopyTo(ids, 0);
        Array.Sort(ids);
        using var buffer = new MemoryStream(8 + (ids.Length * 6));
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write7BitEncodedInt(ids.Length);
            var last = 0L;
            foreach (var id in ids)
            {
                w.Write7BitEncodedInt64(id - last);
                w.Write7BitEncodedInt(items[id]);
                last = id;
            }
        }

        return buffer.ToArray();
    }

    /// A header, or null when the bytes are not one this version wrote (the key is then as good as unknown).
    internal static CollectionState? ReadHeader(byte[] data, string itemsKey)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
            if (r.ReadByte() != FormatVersion)
                return null;
            var state = new CollectionState { ChangeNumber = r.Read7BitEncodedInt64(), ItemsKey = itemsKey };
            var cls = r.ReadByte();
            if (!Enum.IsDefined((EasClass)cls) || state.ChangeNumber < 0)
                return null;
            state.Class = (EasClass)cls;
            state.FilterType = r.ReadByte();
            state.OldestItemMinutes = r.Read7BitEncodedInt();
            var supported = r.Read7BitEncodedInt();
            if (supported >= 0)
            {
                state.Supported = new List<string>(Math.Min(supported, 1024));
                for (var i = 0; i < supported; i++)
                    state.Supported.Add(r.ReadString());
            }

            var n = Count(r);
            var last = 0L;
            for (var i = 0; i < n; i++)
                state.OwnChanges.Add(last += r.Read7BitEncodedInt64());
            n = Count(r);
            for (var i = 0; i < n; i++)
                state.Adds[r.ReadString()] = r.ReadString();
            n = Count(r);
            for (var i = 0; i < n; i++)
                state.Applied.Add(r.Read7BitEncodedInt64());
            return state;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    /// Sets the item list from its stored bytes; false when they are missing or damaged.
    internal bool SetItems(byte[]? data)
    {
        if (data is null || data.Length == 0 || data[0] != FormatVersion)
            return false;
        var pos = 1;
        if (!TryVarint(data, ref pos, out var n) || n > MaxEntries)
            return false;
        var items = new Dictionary<long, int>((int)n);
        var last = 0L;
        for (var i = 0UL; i < n; i++)
        {
            if (!TryVarint(data, ref pos, out var delta) || !TryVarint(data, ref pos, out var minutes) || minutes > int.MaxValue)
                return false;
            last += (long)delta;
            items[last] = (int)minutes;
        }

        _items = items;
        ItemsKey = null;
        return true;
    }

    /// A 7-bit encoded unsigned integer as BinaryWriter writes it (at most 10 bytes).
    private static bool TryVarint(ReadOnlySpan<byte> data, ref int pos, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (pos >= data.Length)
                return false;
            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return true;
        }

        return false;
    }

    private static int Count(BinaryReader r)
    {
        var n = r.Read7BitEncodedInt();
        return n is < 0 or > MaxEntries ? throw new FormatException("count out of range") : n;
    }
}
