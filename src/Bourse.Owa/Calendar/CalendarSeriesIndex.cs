using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Owa.Calendar;

/// <summary>
/// The recurring series of each calendar folder, kept in memory and brought up to date from the store's change list on
/// every read (one GetChangesAsync when nothing changed). The store indexes an appointment by its first occurrence only,
/// so a series that began before the range asked for cannot be found by a range query; this index finds it without
/// reading the whole folder on each request. Items of every protocol are seen, since it follows the store's changes.
/// </summary>
internal sealed class CalendarSeriesIndex(IMailStore store)
{
    private const int MaxFolders = 4096;

    private static readonly ConditionalWeakTable<IMailStore, CalendarSeriesIndex> Indexes = new();

    private readonly ConcurrentDictionary<(MailboxId, FolderId), Entry> _entries = new();

    public static CalendarSeriesIndex For(IMailStore store) => Indexes.GetValue(store, s => new CalendarSeriesIndex(s));

    /// <summary>The folder's recurring appointments as they are now (the whole items).</summary>
    public async ValueTask<IReadOnlyList<Item>> GetSeriesAsync(MailboxId mailbox, FolderId folder, CancellationToken ct)
    {
        if (_entries.Count > MaxFolders)
            _entries.Clear();
        var entry = _entries.GetOrAdd((mailbox, folder), _ => new Entry());
        await entry.Lock.WaitAsync(ct);
        try
        {
            while (true)
            {
                var changes = await store.GetChangesAsync(mailbox, new ChangeQuery(entry.ChangeNumber) { Folder = folder, MaxChanges = 1000 }, ct);
                foreach (var change in changes.Changes)
                {
                    if (change.Kind == ChangeKind.Deleted)
                    {
                        entry.Series.Remove(change.Item);
                        continue;
                    }

                    var item = await store.GetItemAsync(mailbox, change.Item, ct);
                    if (item is not null && item.FolderId == folder && IsSeries(item))
                        entry.Series[change.Item] = item;
                    else
                        entry.Series.Remove(change.Item);
                }

                entry.ChangeNumber = changes.HighestChangeNumber;
                if (!changes.MoreAvailable)
                    break;
            }

            return [.. entry.Series.Values];
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public static bool IsSeries(Item item) =>
        item.MessageClass.StartsWith("IPM.Appointment", StringComparison.OrdinalIgnoreCase) && item.Properties.GetInt32(NamedProps.RecurrencePatternType) is not null;

    private sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public long ChangeNumber { get; set; }
        public Dictionary<ItemId, Item> Series { get; } = [];
    }
}
