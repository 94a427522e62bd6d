using Bourse.ActiveSync.Mapping;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// A mailbox search as Search (Store Mailbox) and Find (MailBoxSearchCriterion) ask for it: free text over the store's
/// full-text index, limited to folders the device can see (some of them, with or without their subfolders), to item
/// classes, and to a received-date window; one page of it with the number of matches.
/// </summary>
internal sealed class SearchMailboxQuery
{
    internal required string FreeText { get; init; }

    /// The device's folder ServerIds to search; empty searches every folder the device can see.
    internal IReadOnlyList<string> CollectionIds { get; init; } = [];

    /// Also search the subfolders of <see cref="CollectionIds"/> (DeepTraversal).
    internal bool DeepTraversal { get; init; }

    /// Only these classes (an empty set matches nothing); null is every class.
    internal IReadOnlyCollection<EasClass>? Classes { get; init; }

    internal DateTime? ReceivedAfterUtc { get; init; }

    internal DateTime? ReceivedBeforeUtc { get; init; }

    internal sealed record Page(IReadOnlyList<ItemSummary> Items, int Total);

    /// <summary>
    /// Runs the search, or returns null when a CollectionId is not a folder the device can see. One folder of any class
    /// is paged by the store; otherwise the store's first <see cref="SearchQuery.TotalCap"/> matches are filtered here,
    /// so the total then counts at most that many (the store's own cap).
    /// </summary>
    internal async ValueTask<Page?> RunAsync(IMailStore store, MailboxId mailbox, SearchRange range, CancellationToken ct)
    {
        var visible = await FolderView.LoadAsync(store, mailbox, ct).ConfigureAwait(false);
        var folders = new HashSet<FolderId>();
        foreach (var id in CollectionIds)
        {
            if (FolderHierarchyState.Find(visible, id) is not { } folder)
                return null;
            folders.Add(folder.Id);
        }

        if (folders.Count == 0)
        {
            folders.UnionWith(visible.Select(f => f.Id));
        }
        else if (DeepTraversal)
        {
            // FolderView lists parents before children, so one pass collects every descendant.
            foreach (var f in visible)
            {
                if (FolderView.TryParseServerId(f.ParentId, out var parent) && folders.Contains(parent))
                    folders.Add(f.Id);
            }
        }

        var filter = new ItemFilter { ReceivedOnOrAfterUtc = ReceivedAfterUtc, ReceivedBeforeUtc = ReceivedBeforeUtc };
        if (CollectionIds.Count == 1 && !DeepTraversal && Classes is null)
        {
            var page = await store.SearchAsync(mailbox, new SearchQuery(FreeText)
            {
                Folder = folders.Single(),
                Filter = filter,
                Offset = range.Start,
                Limit = range.Count,
            }, ct).ConfigureAwait(false);
            return new Page(page.Items, page.TotalCount);
        }

        var all = await store.SearchAsync(mailbox, new SearchQuery(FreeText) { Filter = filter, Limit = SearchQuery.TotalCap }, ct).ConfigureAwait(false);
        var matches = all.Items
            .Where(i => folders.Contains(i.FolderId) && (Classes is null || Classes.Contains(EasClasses.FromMessageClass(i.MessageClass))))
            .ToList();
        return new Page(matches.Skip(range.Start).Take(range.Count).ToList(), matches.Count);
    }
}
