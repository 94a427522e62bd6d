using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Storage.Tests;

public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task ChangesSinceReportCreatedModifiedDeletedInOrder()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var kept = await CreateAsync(store, mailbox, inbox, Mail("kept"));
        var edited = await CreateAsync(store, mailbox, inbox, Mail("edited"));
        var removed = await CreateAsync(store, mailbox, inbox, Mail("removed"));
        var since = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;

        await store.UpdateItemAsync(mailbox, edited, new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("edited!")));
        await store.DeleteItemsAsync(mailbox, [removed]);
        var fresh = await CreateAsync(store, mailbox, inbox, Mail("fresh"));
        await store.SetReadAsync(mailbox, [fresh], true); // a later edit of a new item folds into its creation
        var transient = await CreateAsync(store, mailbox, inbox, Mail("transient"));
        await store.DeleteItemsAsync(mailbox, [transient]); // created and deleted after `since`: never seen by the client

        var set = await store.GetChangesAsync(mailbox, new ChangeQuery(since) { Folder = inbox });
        Assert.False(set.MoreAvailable);
        Assert.Equal((await store.GetMailboxAsync(mailbox))!.LastChangeNumber, set.HighestChangeNumber);
        Assert.Equal(
            [(ChangeKind.Modified, edited), (ChangeKind.Deleted, removed), (ChangeKind.Created, fresh)],
            set.Changes.Select(c => (c.Kind, c.Item)));
        Assert.True(set.Changes.Select(c => c.ChangeNumber).SequenceEqual(set.Changes.Select(c => c.ChangeNumber).Order()));
        Assert.All(set.Changes, c => Assert.True(c.ChangeNumber > since));
        Assert.Equal("edited!", set.Changes[0].Summary!.Subject);
        Assert.True(set.Changes[2].Summary!.IsRead);
        Assert.Null(set.Changes[1].Summary);
        Assert.DoesNotContain(set.Changes, c => c.Item == kept || c.Item == transient);

        var none = await store.GetChangesAsync(mailbox, new ChangeQuery(set.HighestChangeNumber) { Folder = inbox });
        Assert.Empty(none.Changes);
        Assert.Equal(set.HighestChangeNumber, none.HighestChangeNumber);
    }

    [Fact]
    public async Task MoveIsDeletionInSourceAndCreationInDestination()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var archive = (await store.CreateFolderAsync(mailbox, inbox, "Archive", null)).Value.Id;
        var item = await CreateAsync(store, mailbox, inbox, Mail("moving"));
        var since = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        await store.MoveItemsAsync(mailbox, [item], archive);

        var source = await store.GetChangesAsync(mailbox, new ChangeQuery(since) { Folder = inbox });
        var change = Assert.Single(source.Changes);
        Assert.Equal((ChangeKind.Deleted, item, inbox), (change.Kind, change.Item, change.Folder));
        var dest = await store.GetChangesAsync(mailbox, new ChangeQuery(since) { Folder = archive });
        change = Assert.Single(dest.Changes);
        Assert.Equal((ChangeKind.Created, item, archive), (change.Kind, change.Item, change.Folder));
        // Mailbox-wide, the move reads as leaving the source then entering the destination.
        var all = await store.GetChangesAsync(mailbox, new ChangeQuery(since));
        Assert.Equal([(ChangeKind.Deleted, inbox), (ChangeKind.Created, archive)], all.Changes.Select(c => (c.Kind, c.Folder)));

        // Moving back: the source sees it created again, the archive sees it leave; a move in and out after `since` is invisible.
        var mid = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        await store.MoveItemsAsync(mailbox, [item], inbox);
        Assert.Equal([ChangeKind.Deleted, ChangeKind.Created],
            (await store.GetChangesAsync(mailbox, new ChangeQuery(since) { Folder = inbox })).Changes.Select(c => c.Kind));
        Assert.Empty((await store.GetChangesAsync(mailbox, new ChangeQuery(since) { Folder = archive })).Changes);
        Assert.Equal([ChangeKind.Deleted], (await store.GetChangesAsync(mailbox, new ChangeQuery(mid) { Folder = archive })).Changes.Select(c => c.Kind));
    }

    [Fact]
    public async Task CopyIsCreationInDestinationOnly()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var drafts = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        var item = await CreateAsync(store, mailbox, inbox, Mail("copy me"));
        var since = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        var copy = (await store.CopyItemsAsync(mailbox, [item], drafts))[0].Value;
        Assert.Empty((await store.GetChangesAsync(mailbox, new ChangeQuery(since) { Folder = inbox })).Changes);
        var c = Assert.Single((await store.GetChangesAsync(mailbox, new ChangeQuery(since) { Folder = drafts })).Changes);
        Assert.Equal((ChangeKind.Created, copy), (c.Kind, c.Item));
    }

    [Fact]
    public async Task PagingThroughChangesLosesNothing()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var other = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        var start = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        var ids = (await store.CreateItemsAsync(mailbox, inbox, Enumerable.Range(0, 60).Select(i => Mail("m" + i)).ToList())).Select(r => r.Value).ToList();
        await store.DeleteItemsAsync(mailbox, ids.Take(10).ToList());
        await store.MoveItemsAsync(mailbox, ids.Skip(10).Take(10).ToList(), other);
        await store.SetReadAsync(mailbox, ids.Skip(20).Take(10).ToList(), true);

        var actual = new Dictionary<ItemId, FolderId>();
        foreach (var f in new[] { inbox, other })
        {
            foreach (var s in (await store.ListItemsAsync(mailbox, f, new ItemQuery { Limit = 1000 })).Items)
                actual[s.Id] = f;
        }
        foreach (var page in new[] { 1, 2, 7, 100 })
        {
            var changes = await AllChangesAsync(store, mailbox, start, page: page);
            var numbers = changes.Select(c => c.ChangeNumber).ToList();
            Assert.Equal(numbers.Distinct().Order(), numbers);
            // Replaying the changes in order over what the client had at `start` (nothing) gives exactly the mailbox now.
            var replay = new Dictionary<ItemId, FolderId>();
            foreach (var c in changes)
            {
                switch (c.Kind)
                {
                    case ChangeKind.Created:
                        Assert.True(replay.TryAdd(c.Item, c.Folder), $"{c.Item} created twice");
                        Assert.Equal(c.Folder, c.Summary!.FolderId);
                        break;
                    case ChangeKind.Modified:
                        Assert.True(replay.ContainsKey(c.Item), $"{c.Item} modified before it was created");
                        replay[c.Item] = c.Folder;
                        break;
                    case ChangeKind.Deleted:
                        // An item that came and went after `start` may be reported gone without having been reported created.
                        if (replay.TryGetValue(c.Item, out var where) && where == c.Folder)
                            replay.Remove(c.Item);
                        break;
                }
            }
            Assert.Equal(actual.OrderBy(kv => kv.Key.Value), replay.OrderBy(kv => kv.Key.Value));
            Assert.True(changes.Where(c => c.Kind == ChangeKind.Created).Select(c => c.Summary!).Where(s => ids.Skip(20).Take(10).Contains(s.Id)).All(s => s.IsRead));
        }

        var mid = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        await store.DeleteItemsAsync(mailbox, ids.Skip(30).Take(5).ToList());
        await store.SetReadAsync(mailbox, ids.Skip(35).Take(5).ToList(), true);
        var inbox2 = await AllChangesAsync(store, mailbox, mid, inbox, page: 3);
        Assert.Equal(ids.Skip(30).Take(5).OrderBy(i => i.Value), inbox2.Where(c => c.Kind == ChangeKind.Deleted).Select(c => c.Item).OrderBy(i => i.Value));
        Assert.Equal(ids.Skip(35).Take(5).OrderBy(i => i.Value), inbox2.Where(c => c.Kind == ChangeKind.Modified).Select(c => c.Item).OrderBy(i => i.Value));
        Assert.Equal(10, inbox2.Count);
    }

    [Fact]
    public async Task ChangeNumbersOfWritesAreMonotonic()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var last = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        var item = (await store.CreateItemAsync(mailbox, inbox, Mail("x"))).Value;
        Assert.True(item.ChangeNumber > last);
        last = item.ChangeNumber;
        var updated = (await store.UpdateItemAsync(mailbox, item.Id, new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("y")))).Value;
        Assert.True(updated.ChangeNumber > last);
        last = updated.ChangeNumber;
        await store.SetFlagAsync(mailbox, item.Id, FlagStatus.Flagged);
        var flagged = (await store.GetItemAsync(mailbox, item.Id))!;
        Assert.True(flagged.ChangeNumber > last);
        var folder = (await store.CreateFolderAsync(mailbox, inbox, "F", null)).Value;
        Assert.True(folder.ChangeNumber > flagged.ChangeNumber);
        await store.MoveItemsAsync(mailbox, [item.Id], folder.Id);
        var moved = (await store.GetItemAsync(mailbox, item.Id))!;
        Assert.True(moved.ChangeNumber > folder.ChangeNumber);
        Assert.Equal(moved.ChangeNumber, (await store.GetMailboxAsync(mailbox))!.LastChangeNumber);
    }
}
