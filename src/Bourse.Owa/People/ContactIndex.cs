using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Bourse.Core.Ids;
using Bourse.Storage;

namespace Bourse.Owa.People;

/// <summary>
/// The contacts of each contacts folder as the API shows them, kept in memory and brought up to date from the store's
/// change list on every read (one GetChangesAsync when nothing changed), so that searching by name, address or company
/// and sorting by name cost no item reads. Contacts written by any protocol are seen, since it follows the store's changes.
/// </summary>
internal sealed class ContactIndex(IMailStore store)
{
    private const int MaxFolders = 4096;

    private static readonly ConditionalWeakTable<IMailStore, ContactIndex> Indexes = new();

    private readonly ConcurrentDictionary<(MailboxId, FolderId), Entry> _entries = new();

    public static ContactIndex For(IMailStore store) => Indexes.GetValue(store, s => new ContactIndex(s));

    /// <summary>The folder's contacts, sorted by display name.</summary>
    public async ValueTask<IReadOnlyList<ContactDto>> GetAsync(MailboxId mailbox, FolderId folder, CancellationToken ct)
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
                    if (item is not null && item.FolderId == folder && ContactMapping.IsContact(item))
                        entry.Contacts[change.Item] = ContactMapping.ToDto(mailbox, item);
                    else
                        entry.Contacts.Remove(change.Item);
                }

                entry.ChangeNumber = changes.HighestChangeNumber;
                if (!changes.MoreAvailable)
                    break;
            }

            if (changed || entry.Sorted is null)
            {
                entry.Sorted = [.. entry.Contacts.Values.OrderBy(c => c.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Id, StringComparer.Ordinal)];
            }

            return entry.Sorted;
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
        public Dictionary<ItemId, ContactDto> Contacts { get; } = [];
        public ContactDto[]? Sorted { get; set; }
    }
}
