using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.Storage.Tests;

public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task ConcurrentWritersLoseNothing()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var start = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        const int writers = 20, perWriter = 50;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<Item>();
            for (var i = 0; i < perWriter; i++)
            {
                var r = await store.CreateItemAsync(mailbox, inbox, Mail($"w{w} i{i}"));
                Assert.True(r.IsSuccess, r.ToString());
                mine.Add(r.Value);
            }
            return mine;
        })).ToList();
        var all = (await Task.WhenAll(tasks)).SelectMany(x => x).ToList();

        Assert.Equal(writers * perWriter, all.Count);
        Assert.Equal(all.Count, all.Select(i => i.Id).Distinct().Count());
        Assert.Equal(all.Count, all.Select(i => i.ChangeNumber).Distinct().Count());
        // Each writer's own items got strictly increasing change numbers.
        foreach (var group in all.GroupBy(i => i.Subject.Split(' ')[0]))
            Assert.Equal(group.Select(i => i.ChangeNumber), group.Select(i => i.ChangeNumber).Order());
        var info = (await store.GetMailboxAsync(mailbox))!;
        Assert.Equal(all.Count, info.ItemCount);
        Assert.Equal(all.Sum(i => i.Size), info.UsedBytes);
        // No gaps: the change numbers are exactly the next block after `start`.
        Assert.Equal(Enumerable.Range(1, all.Count).Select(n => start + n), all.Select(i => i.ChangeNumber).Order());
        Assert.Equal(start + all.Count, info.LastChangeNumber);
        Assert.Equal(all.Count, (await store.GetFolderAsync(mailbox, inbox))!.TotalCount);
        var changes = await AllChangesAsync(store, mailbox, start, inbox, page: 97);
        Assert.Equal(all.Select(i => i.Id).OrderBy(i => i.Value), changes.Select(c => c.Item).OrderBy(i => i.Value));
        Assert.All(changes, c => Assert.Equal(ChangeKind.Created, c.Kind));
    }

    [Fact]
    public async Task ConcurrentMixedOperationsKeepCountsConsistent()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var other = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        var ids = (await store.CreateItemsAsync(mailbox, inbox, Enumerable.Range(0, 200).Select(i => Mail("m" + i)).ToList())).Select(r => r.Value).ToList();
        var tasks = new List<Task>();
        for (var i = 0; i < 200; i++)
        {
            var id = ids[i];
            tasks.Add((i % 4) switch
            {
                0 => store.DeleteItemsAsync(mailbox, [id]).AsTask(),
                1 => store.MoveItemsAsync(mailbox, [id], other).AsTask(),
                2 => store.SetReadAsync(mailbox, [id], true).AsTask(),
                _ => store.CopyItemsAsync(mailbox, [id], other).AsTask(),
            });
        }
        await Task.WhenAll(tasks);
        var inboxFolder = (await store.GetFolderAsync(mailbox, inbox))!;
        var otherFolder = (await store.GetFolderAsync(mailbox, other))!;
        Assert.Equal(100, inboxFolder.TotalCount);
        Assert.Equal(50, inboxFolder.UnreadCount);
        Assert.Equal(100, otherFolder.TotalCount);
        Assert.Equal(100, otherFolder.UnreadCount);
        Assert.Equal(200, (await store.GetMailboxAsync(mailbox))!.ItemCount);
        Assert.Equal(100, (await store.ListItemsAsync(mailbox, inbox, new ItemQuery { Limit = 1000 })).Items.Count);
    }

    [Fact]
    public async Task NotifierFiresAfterCommitWithTouchedFolders()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var seen = new List<MailboxChange>();
        using var sub = store.Notifications.Subscribe(mailbox, c => { lock (seen) seen.Add(c); });
        var last = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        var wait = store.Notifications.WaitAsync(mailbox, last, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);
        var item = (await store.CreateItemAsync(mailbox, inbox, Mail("ping"))).Value;
        var change = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(mailbox, change.Mailbox);
        Assert.True(change.ChangeNumber >= item.ChangeNumber);
        Assert.Contains(inbox, change.Folders);
        // The change is visible to a reader by the time it is announced.
        Assert.NotNull(await store.GetItemAsync(mailbox, item.Id));
        // Already past: completes at once.
        var immediate = store.Notifications.WaitAsync(mailbox, last, CancellationToken.None);
        Assert.True(immediate.IsCompleted);
        await store.CreateFolderAsync(mailbox, inbox, "H", null);
        await Task.Delay(50);
        lock (seen)
        {
            Assert.Contains(seen, c => c.ChangeNumber == item.ChangeNumber && !c.HierarchyChanged);
            Assert.Contains(seen, c => c.HierarchyChanged);
        }
    }
}
