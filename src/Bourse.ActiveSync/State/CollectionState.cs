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
/// Stored as bytes behind <see cref="EasStateStore.CollectionKey"/>. The header (everything but the item list) is read
/// eagerly; the item list, the large part, only when a change has to be matched against it.
/// </remarks>
internal sealed class CollectionState
{
    private const byte FormatVersion = 1;

    // Bounds against a damaged value: far above anything real (a 4 MB state cannot hold more items anyway).
    private const int MaxEntries = 4_000_000;

    private Dictionary<long, int>? _items;
    private byte[]? _itemBytes;
    private int _itemOffset;

    /// The mailbox change number the device is up to in this folder: every change at or below it was sent or skipped on purpose.
    internal long ChangeNumber { get; set; }

    internal EasClass Class { get; set; }

    /// MS-ASCMD 2.2.3.68.2 FilterType (0 = everything).
    internal int FilterType { get; set; }

    /// MS-ASCMD 2.2.3.179: "Namespace:Name" of the elements the device said it supports (Contacts, Calendar) at SyncKey 0;
    /// null when it sent no Supported list. Elements it does not support are ghosted: absent from a Change, they stay.
    internal List<string>? Supported { get; set; }

    /// Change numbers above <see cref="ChangeNumber"/> made by this device; skipped when they come round.
    internal SortedSet<long> OwnChanges { get; private set; } = [];

    /// ClientId → ServerId of the Adds of the request that produced this key.
    internal Dictionary<string, string> Adds { get; private set; } = new(StringComparer.Ordinal);

    /// Items the request that produced this key changed or deleted (a retried request must not apply them again).
    internal HashSet<long> Applied { get; private set; } = [];

    /// The items the device holds: item counter → the date the filter window looks at (minutes since 1601, 0 = none).
    internal Dictionary<long, int> Items
    {
        get
        {
            if (_items is null)
            {
                _items = _itemBytes is null ? [] : ReadItems(_itemBytes, _itemOffset) ?? [];
                _itemBytes = null;
            }

            return _items;
        }
    }

    internal static CollectionState Initial(EasClass cls, int filterType, IReadOnlyCollection<string>? supported) =>
        new() { Class = cls, FilterType = filterType, Supported = supported is null ? null : [.. supported], _items = [] };

    /// A copy for the next key: position, filter, class, own changes and items; not the per-request Adds and Applied.
    internal CollectionState Next() => new()
    {
        ChangeNumber = ChangeNumber,
        Class = Class,
        FilterType = FilterType,
        Supported = Supported,
        OwnChanges = new SortedSet<long>(OwnChanges),
        _items = new Dictionary<long, int>(Items),
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

    private static readonly long FileTimeEpoch = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    internal byte[] Write()
    {
        using var buffer = new MemoryStream(64 + (Items.Count * 6));
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write7BitEncodedInt64(ChangeNumber);
            w.Write((byte)Class);
            w.Write((byte)FilterType);
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

            // Items sorted by counter, delta-encoded: a 10,000-item folder takes about 60 kB.
            var ids = new long[Items.Count];
            Items.Keys.CopyTo(ids, 0);
            Array.Sort(ids);
            w.Write7BitEncodedInt(ids.Length);
            last = 0;
            foreach (var id in ids)
            {
                w.Write7BitEncodedInt64(id - last);
                w.Write7BitEncodedInt(Items[id]);
                last = id;
            }
        }

        return buffer.ToArray();
    }

    /// Null when the bytes are not a state this version wrote (the key is then as good as unknown).
    internal static CollectionState? Read(byte[] data)
    {
        try
        {
            using var ms = new MemoryStream(data, writable: false);
            using var r = new BinaryReader(ms, Encoding.UTF8);
            if (r.ReadByte() != FormatVersion)
                return null;
            var state = new CollectionState { ChangeNumber = r.Read7BitEncodedInt64() };
            var cls = r.ReadByte();
            if (!Enum.IsDefined((EasClass)cls) || state.ChangeNumber < 0)
                return null;
            state.Class = (EasClass)cls;
            state.FilterType = r.ReadByte();
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
            state._itemBytes = data;
            state._itemOffset = checked((int)ms.Position);
            return state;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    private static Dictionary<long, int>? ReadItems(byte[] data, int offset)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(data, offset, data.Length - offset, writable: false), Encoding.UTF8);
            var n = Count(r);
            var items = new Dictionary<long, int>(n);
            var last = 0L;
            for (var i = 0; i < n; i++)
            {
                last += r.Read7BitEncodedInt64();
                items[last] = r.Read7BitEncodedInt();
            }

            return items;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or OverflowException)
        {
            return null;
        }
    }

    private static int Count(BinaryReader r)
    {
        var n = r.Read7BitEncodedInt();
        return n is < 0 or > MaxEntries ? throw new FormatException("count out of range") : n;
    }
}
