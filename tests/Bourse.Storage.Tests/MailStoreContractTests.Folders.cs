using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Storage.Tests;

public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task CreateFolderUnderParentWithPropertiesAndTakesAChangeNumber()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var before = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        var r = await store.CreateFolderAsync(mailbox, inbox, "Projects", "IPF.Note", new PropertyBag().Set(PropTags.Comment, "work"));
        Assert.True(r.IsSuccess, r.ToString());
        var f = r.Value;
        Assert.Equal(inbox, f.ParentId);
        Assert.Equal("Projects", f.DisplayName);
        Assert.Equal("IPF.Note", f.ContainerClass);
        Assert.Null(f.WellKnown);
        Assert.Equal("work", f.Properties.GetString(PropTags.Comment));
        Assert.True(f.ChangeNumber > before);
        Assert.Equal(f.ChangeNumber, (await store.GetMailboxAsync(mailbox))!.LastChangeNumber);
        Assert.Equal(f, (await store.GetFolderAsync(mailbox, f.Id))! with { Properties = f.Properties });
        Assert.True((await store.GetFolderAsync(mailbox, inbox))!.Properties.GetBoolean(PropTags.Subfolders));
    }

    [Fact]
    public async Task CreateFolderErrors()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        Assert.True((await store.CreateFolderAsync(mailbox, inbox, "Dup", null)).IsSuccess);
        Assert.Equal(StoreError.AlreadyExists, (await store.CreateFolderAsync(mailbox, inbox, "dUP", null)).Error);
        Assert.Equal(StoreError.AlreadyExists, (await store.CreateFolderAsync(mailbox, inbox, "Dup", null)).Error);
        Assert.Equal(StoreError.NotFound, (await store.CreateFolderAsync(mailbox, new FolderId(999_999), "x", null)).Error);
        Assert.Equal(StoreError.InvalidArgument, (await store.CreateFolderAsync(mailbox, inbox, "  ", null)).Error);
        Assert.Equal(StoreError.InvalidArgument, (await store.CreateFolderAsync(mailbox, inbox, new string('x', 300), null)).Error);
        // The same name under another parent is fine, and so is a non-ASCII case variant elsewhere.
        var drafts = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        Assert.True((await store.CreateFolderAsync(mailbox, drafts, "Dup", null)).IsSuccess);
        Assert.True((await store.CreateFolderAsync(mailbox, inbox, "Été", null)).IsSuccess);
        Assert.Equal(StoreError.AlreadyExists, (await store.CreateFolderAsync(mailbox, inbox, "ÉTÉ", null)).Error);
    }

    [Fact]
    public async Task UpdateFolderRenamesAndSetsProperties()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var f = (await store.CreateFolderAsync(mailbox, inbox, "Old", null)).Value;
        await store.CreateFolderAsync(mailbox, inbox, "Taken", null);
        var r = await store.UpdateFolderAsync(mailbox, f.Id, new FolderUpdate("New", new PropertyChanges().With(PropTags.Comment, PropertyValue.Unicode("c"))));
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal("New", r.Value.DisplayName);
        Assert.Equal("c", r.Value.Properties.GetString(PropTags.Comment));
        Assert.True(r.Value.ChangeNumber > f.ChangeNumber);
        Assert.Equal(StoreError.AlreadyExists, (await store.UpdateFolderAsync(mailbox, f.Id, new FolderUpdate("taken"))).Error);
        // Changing only the case of its own name is allowed.
        Assert.True((await store.UpdateFolderAsync(mailbox, f.Id, new FolderUpdate("NEW"))).IsSuccess);
        Assert.Equal(StoreError.NotFound, (await store.UpdateFolderAsync(mailbox, new FolderId(999_999), new FolderUpdate("x"))).Error);
        Assert.Equal(StoreError.InvalidArgument, (await store.UpdateFolderAsync(mailbox, f.Id, new FolderUpdate(""))).Error);
    }

    [Fact]
    public async Task WellKnownFoldersAreProtected()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var drafts = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        Assert.Equal(StoreError.WellKnownFolderProtected, (await store.UpdateFolderAsync(mailbox, inbox, new FolderUpdate("Renamed"))).Error);
        Assert.Equal(StoreError.WellKnownFolderProtected, (await store.MoveFolderAsync(mailbox, inbox, drafts)).Error);
        Assert.Equal(StoreError.WellKnownFolderProtected, (await store.DeleteFolderAsync(mailbox, inbox)).Error);
        // Properties of a well-known folder may still change, and "renaming" to its own name is no rename.
        Assert.True((await store.UpdateFolderAsync(mailbox, inbox, new FolderUpdate("Inbox", new PropertyChanges().With(PropTags.Comment, PropertyValue.Unicode("x"))))).IsSuccess);
        Assert.Equal("Inbox", (await store.GetFolderAsync(mailbox, inbox))!.DisplayName);
    }

    [Fact]
    public async Task MoveFolderAndCycleDetection()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var drafts = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        var a = (await store.CreateFolderAsync(mailbox, inbox, "A", null)).Value;
        var b = (await store.CreateFolderAsync(mailbox, a.Id, "B", null)).Value;
        var c = (await store.CreateFolderAsync(mailbox, b.Id, "C", null)).Value;
        Assert.Equal(StoreError.FolderCycle, (await store.MoveFolderAsync(mailbox, a.Id, a.Id)).Error);
        Assert.Equal(StoreError.FolderCycle, (await store.MoveFolderAsync(mailbox, a.Id, c.Id)).Error);
        Assert.Equal(StoreError.NotFound, (await store.MoveFolderAsync(mailbox, a.Id, new FolderId(999_999))).Error);
        Assert.Equal(StoreError.NotFound, (await store.MoveFolderAsync(mailbox, new FolderId(999_999), drafts)).Error);
        await store.CreateFolderAsync(mailbox, drafts, "a", null);
        Assert.Equal(StoreError.AlreadyExists, (await store.MoveFolderAsync(mailbox, a.Id, drafts)).Error);
        var moved = await store.MoveFolderAsync(mailbox, c.Id, drafts);
        Assert.True(moved.IsSuccess, moved.ToString());
        Assert.Equal(drafts, moved.Value.ParentId);
        Assert.True(moved.Value.ChangeNumber > c.ChangeNumber);
        Assert.Equal(drafts, (await store.GetFolderAsync(mailbox, c.Id))!.ParentId);
    }

    [Fact]
    public async Task DeleteFolderRemovesSubtreeAndItemsWithTombstones()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var a = (await store.CreateFolderAsync(mailbox, inbox, "A", null)).Value;
        var b = (await store.CreateFolderAsync(mailbox, a.Id, "B", null)).Value;
        var i1 = await CreateAsync(store, mailbox, a.Id, Mail("one"));
        var i2 = await CreateAsync(store, mailbox, b.Id, Mail("two"));
        var since = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        Assert.True((await store.DeleteFolderAsync(mailbox, a.Id)).Value);
        Assert.Null(await store.GetFolderAsync(mailbox, a.Id));
        Assert.Null(await store.GetFolderAsync(mailbox, b.Id));
        Assert.Null(await store.GetItemAsync(mailbox, i1));
        Assert.Null(await store.GetItemAsync(mailbox, i2));
        Assert.Equal(0, (await store.GetMailboxAsync(mailbox))!.ItemCount);
        Assert.Equal(0, (await store.GetMailboxAsync(mailbox))!.UsedBytes);
        var changes = await AllChangesAsync(store, mailbox, since);
        Assert.Equal([i1, i2], changes.Where(c => c.Kind == ChangeKind.Deleted).Select(c => c.Item).OrderBy(i => i.Value));
        var folderChanges = await store.GetFolderChangesAsync(mailbox, since);
        Assert.Equal([a.Id, b.Id], folderChanges.Changes.Where(c => c.Kind == ChangeKind.Deleted).Select(c => c.Folder).OrderBy(f => f.Value));
        Assert.Equal(StoreError.NotFound, (await store.DeleteFolderAsync(mailbox, a.Id)).Error);
    }

    [Fact]
    public async Task EmptyFolderDeletesItemsOptionallyInSubfolders()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var sub = (await store.CreateFolderAsync(mailbox, inbox, "Sub", null)).Value;
        for (var i = 0; i < 3; i++)
            await CreateAsync(store, mailbox, inbox, Mail("in" + i));
        await CreateAsync(store, mailbox, sub.Id, Mail("sub"));
        Assert.Equal(3, (await store.EmptyFolderAsync(mailbox, inbox, includeSubfolders: false)).Value);
        Assert.Equal(0, (await store.GetFolderAsync(mailbox, inbox))!.TotalCount);
        Assert.Equal(1, (await store.GetFolderAsync(mailbox, sub.Id))!.TotalCount);
        await CreateAsync(store, mailbox, inbox, Mail("again"));
        Assert.Equal(2, (await store.EmptyFolderAsync(mailbox, inbox, includeSubfolders: true)).Value);
        Assert.NotNull(await store.GetFolderAsync(mailbox, sub.Id));
        Assert.Equal(0, (await store.GetMailboxAsync(mailbox))!.ItemCount);
        Assert.Equal(StoreError.NotFound, (await store.EmptyFolderAsync(mailbox, new FolderId(999_999), false)).Error);
    }

    [Fact]
    public async Task FolderChangesReportCreatedModifiedDeletedParentsFirst()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var old = (await store.CreateFolderAsync(mailbox, inbox, "Old", null)).Value;
        var gone = (await store.CreateFolderAsync(mailbox, inbox, "Gone", null)).Value;
        var since = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        var parent = (await store.CreateFolderAsync(mailbox, inbox, "Parent", null)).Value;
        var child = (await store.CreateFolderAsync(mailbox, parent.Id, "Child", null)).Value;
        await store.UpdateFolderAsync(mailbox, parent.Id, new FolderUpdate("Parent2")); // re-numbers the parent after its child
        await store.UpdateFolderAsync(mailbox, old.Id, new FolderUpdate("Old2"));
        await store.DeleteFolderAsync(mailbox, gone.Id);
        var transient = (await store.CreateFolderAsync(mailbox, inbox, "Transient", null)).Value;
        await store.DeleteFolderAsync(mailbox, transient.Id);

        var set = await store.GetFolderChangesAsync(mailbox, since);
        Assert.Equal((await store.GetMailboxAsync(mailbox))!.LastChangeNumber, set.HighestChangeNumber);
        var kinds = set.Changes.ToDictionary(c => c.Folder, c => c.Kind);
        Assert.Equal(ChangeKind.Created, kinds[parent.Id]);
        Assert.Equal(ChangeKind.Created, kinds[child.Id]);
        Assert.Equal(ChangeKind.Modified, kinds[old.Id]);
        Assert.Equal(ChangeKind.Deleted, kinds[gone.Id]);
        Assert.False(kinds.ContainsKey(transient.Id));
        var order = set.Changes.Select(c => c.Folder).ToList();
        Assert.True(order.IndexOf(parent.Id) < order.IndexOf(child.Id));
        Assert.Equal("Parent2", set.Changes.Single(c => c.Folder == parent.Id).Current!.DisplayName);
        Assert.Empty((await store.GetFolderChangesAsync(mailbox, set.HighestChangeNumber)).Changes);
    }
}
