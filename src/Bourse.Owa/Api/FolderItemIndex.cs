using System.Collections.Concurrent;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.Owa.Api;

/// <summary>
/// What the API keeps in memory of each folder's items (one value per item it cares for), brought up to date from the
/// store's change list on every read (one GetChangesAsync when nothing changed), so a list costs no item reads. Items
/// written by any protocol are seen, since it follows the store's changes. The view is rebuilt only after a change.
/// </summary>
internal abstract class FolderItemIndex<TValue, TView>(IMailStore store)
    where TValue : class
    where TView : class
{
    private const int MaxFolders = 4096;

    private readonly ConcurrentDictionary<(MailboxId, FolderId), Entry> _entries = new();

    /// <summary>What the index keeps of an item of the folder, or null when the item is not one it keeps.</summary>
    protected abstract TValue? Project(MailboxId mailbox, Item item);

    /// <summary>The answer made of the kept values (sorted, copied…).</summary>
    protected abstract TView View(IEnumerable<TValue> values);

    /// <summary>The folder's view as it is now.</summary>
    protected async ValueTask<TView> ReadAsync(MailboxId mailbox, FolderId folder, CancellationToken ct)
    {
        if (_entries.Count > MaxFolders)
            _entries.Clear();
        var entry = _entries.GetOrAdd((mailbox, folder), _ => new Entry());
        await entry.Lock.WaitAsync(ct);
        try
        {
            var changed = false;
            while (true)
            {
                var changes = await store.GetChangesAsync(mailbox, new ChangeQuery(entry.ChangeNumber) { Folder = folder, MaxChanges = 1000 }, ct);
                foreach (var change in changes.Changes)
                {
                    changed = true;
                    var item = change.Kind == ChangeKind.Deleted ? null : await store.GetItemAsync(mailbox, change.Item, ct);
                    if (item is not null && item.FolderId == folder && Project(mailbox, item) is { } value)
                        entry.Values[change.Item] = value;
                    else
                        entry.Values.Remove(change.Item);
                }

                entry.ChangeNumber = changes.HighestChangeNumber;
                if (!changes.MoreAvailable)
                    break;
            }

            if (changed || entry.View is null)
                entry.View = View(entry.Values.Values);
            return entry.View;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public long ChangeNumber { get; set; }
        public Dictionary<ItemId, TValue> Values { get; } = [];
        public TView? View { get; set; }
    }
}
