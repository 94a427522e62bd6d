using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Mailbox.Tests.Operations;

public sealed class MailboxOperationsTests : IAsyncLifetime
{
    private MailboxTestEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MailboxTestEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private MailboxId Bob => _env.Bob.MailboxId;

    private async Task<ItemId> DeliverAsync(string subject)
    {
        var result = await _env.Delivery.DeliverAsync("bob@example.com", TestMime.Crlf($"From: z@elsewhere.test\nSubject: {subject}\n\nx\n"));
        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        return result.ItemIds[0];
    }

    private async Task<FolderId> FolderAsync(WellKnownFolder folder) => (await _env.Store.GetWellKnownFolderAsync(Bob, folder))!.Id;

    [Fact]
    public async Task EnsureMailboxCreatesOnceAndThenReturnsTheSameMailbox()
    {
        var first = await _env.Operations.EnsureMailboxAsync(_env.Bob);
        var second = await _env.Operations.EnsureMailboxAsync(_env.Bob);
        var byId = await _env.Operations.EnsureMailboxAsync(Bob);
        Assert.True(first.IsSuccess && second.IsSuccess && byId.IsSuccess);
        Assert.Equal(first.Value.ReplicaGuid, second.Value.ReplicaGuid);
        Assert.Equal(first.Value.ReplicaGuid, byId.Value.ReplicaGuid);
        Assert.NotNull(await _env.Store.GetWellKnownFolderAsync(Bob, WellKnownFolder.Inbox));
        Assert.Equal(StoreError.MailboxNotFound, (await _env.Operations.EnsureMailboxAsync(MailboxId.New())).Error);
    }

    [Fact]
    public async Task MoveToDeletedItemsMovesThenHardDeletesFromDeletedItems()
    {
        var id = await DeliverAsync("bye");
        var deletedItems = await FolderAsync(WellKnownFolder.DeletedItems);

        var first = await _env.Operations.DeleteItemsAsync(Bob, [id], DeleteMode.MoveToDeletedItems);
        Assert.True(Assert.Single(first).IsSuccess);
        Assert.Equal(deletedItems, (await _env.Store.GetItemAsync(Bob, id))!.FolderId);
        Assert.Empty(await _env.ListAsync(Bob, WellKnownFolder.Inbox));

        var second = await _env.Operations.DeleteItemsAsync(Bob, [id], DeleteMode.MoveToDeletedItems);
        Assert.True(Assert.Single(second).IsSuccess);
        Assert.Null(await _env.Store.GetItemAsync(Bob, id));
        Assert.Empty(await _env.ListAsync(Bob, WellKnownFolder.DeletedItems));
    }

    [Fact]
    public async Task MoveToDeletedItemsHardDeletesFromSubfoldersOfDeletedItems()
    {
        var id = await DeliverAsync("nested");
        var sub = await _env.Store.CreateFolderAsync(Bob, await FolderAsync(WellKnownFolder.DeletedItems), "Old stuff", "IPF.Note");
        await _env.Operations.MoveItemsAsync(Bob, [id], sub.Value.Id);
        await _env.Operations.DeleteItemsAsync(Bob, [id], DeleteMode.MoveToDeletedItems);
        Assert.Null(await _env.Store.GetItemAsync(Bob, id));
    }

    [Fact]
    public async Task SoftDeleteHidesItemInRecoverableItemsOutsideTheIpmSubtree()
    {
        var id = await DeliverAsync("soft");

        var result = await _env.Operations.DeleteItemsAsync(Bob, [id], DeleteMode.SoftDelete);

        Assert.True(Assert.Single(result).IsSuccess);
        Assert.Empty(await _env.ListAsync(Bob, WellKnownFolder.Inbox));
        Assert.Empty(await _env.ListAsync(Bob, WellKnownFolder.DeletedItems));
        var item = await _env.Store.GetItemAsync(Bob, id);
        Assert.NotNull(item);
        var folders = await _env.Store.GetFoldersAsync(Bob);
        var deletions = folders.Single(f => f.Id == item.FolderId);
        Assert.Equal("Deletions", deletions.DisplayName);
        var recoverable = folders.Single(f => f.Id == deletions.ParentId);
        Assert.Equal("Recoverable Items", recoverable.DisplayName);
        Assert.Equal(await FolderAsync(WellKnownFolder.Root), recoverable.ParentId);

        // A second soft delete reuses the folders; soft-deleting what is already in the dumpster purges it.
        var other = await DeliverAsync("soft 2");
        await _env.Operations.DeleteItemsAsync(Bob, [other], DeleteMode.SoftDelete);
        Assert.Single(await _env.Store.GetFoldersAsync(Bob), f => f.DisplayName == "Deletions");
        await _env.Operations.DeleteItemsAsync(Bob, [id], DeleteMode.SoftDelete);
        Assert.Null(await _env.Store.GetItemAsync(Bob, id));
    }

    [Fact]
    public async Task HardDeleteRemovesAndLeavesATombstoneForSync()
    {
        var id = await DeliverAsync("gone");
        var before = (await _env.Store.GetMailboxAsync(Bob))!.LastChangeNumber;

        var result = await _env.Operations.DeleteItemsAsync(Bob, [id], DeleteMode.HardDelete);

        Assert.True(Assert.Single(result).IsSuccess);
        Assert.Null(await _env.Store.GetItemAsync(Bob, id));
        var changes = await _env.Operations.GetChangesAsync(Bob, new ChangeQuery(before));
        var change = Assert.Single(changes.Changes);
        Assert.Equal(ChangeKind.Deleted, change.Kind);
        Assert.Equal(id, change.Item);
    }

    [Theory]
    [InlineData(DeleteMode.HardDelete)]
    [InlineData(DeleteMode.SoftDelete)]
    [InlineData(DeleteMode.MoveToDeletedItems)]
    public async Task UnknownIdsFailAloneAndResultsKeepTheirOrder(DeleteMode mode)
    {
        var a = await DeliverAsync("a");
        var b = await DeliverAsync("b");
        var results = await _env.Operations.DeleteItemsAsync(Bob, [a, new ItemId(999_999), b], mode);
        Assert.Equal(3, results.Count);
        Assert.True(results[0].IsSuccess);
        Assert.Equal(StoreError.NotFound, results[1].Error);
        Assert.True(results[2].IsSuccess);
        Assert.Empty(await _env.ListAsync(Bob, WellKnownFolder.Inbox));
    }

    [Fact]
    public async Task DeleteNeverReachesIntoAnotherMailbox()
    {
        var bobsItem = await DeliverAsync("mine");
        await _env.Operations.EnsureMailboxAsync(_env.Carol);
        var results = await _env.Operations.DeleteItemsAsync(_env.Carol.MailboxId, [bobsItem], DeleteMode.HardDelete);
        Assert.False(Assert.Single(results).IsSuccess);
        Assert.NotNull(await _env.Store.GetItemAsync(Bob, bobsItem));
    }

    [Fact]
    public async Task MoveCopyMarkReadAndFlagPassThrough()
    {
        var id = await DeliverAsync("work");
        var drafts = await FolderAsync(WellKnownFolder.Drafts);

        var copies = await _env.Operations.CopyItemsAsync(Bob, [id], drafts);
        var copy = Assert.Single(copies).Value;
        Assert.NotEqual(id, copy);
        Assert.Equal(drafts, (await _env.Store.GetItemAsync(Bob, copy))!.FolderId);

        var moved = await _env.Operations.MoveItemsAsync(Bob, [id], drafts);
        Assert.True(Assert.Single(moved).IsSuccess);
        Assert.Equal(2, (await _env.ListAsync(Bob, WellKnownFolder.Drafts)).Count);

        Assert.True(Assert.Single(await _env.Operations.MarkReadAsync(Bob, [id], true)).IsSuccess);
        Assert.True((await _env.Store.GetItemAsync(Bob, id))!.IsRead);
        Assert.False((await _env.Store.GetItemAsync(Bob, copy))!.IsRead);

        Assert.True((await _env.Operations.SetFlagAsync(Bob, id, FlagStatus.Flagged)).IsSuccess);
        Assert.Equal(FlagStatus.Flagged, (await _env.Store.GetItemAsync(Bob, id))!.FlagStatus);
    }

    [Fact]
    public async Task WaitForChangeTimesOutWithoutAChange()
    {
        await DeliverAsync("seen");
        var current = (await _env.Store.GetMailboxAsync(Bob))!.LastChangeNumber;
        var started = DateTime.UtcNow;
        Assert.False(await _env.Operations.WaitForChangeAsync(Bob, current, TimeSpan.FromMilliseconds(200)));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitForChangeReturnsAtOnceForAnUnseenChange()
    {
        await DeliverAsync("already there");
        Assert.True(await _env.Operations.WaitForChangeAsync(Bob, 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitForChangeWakesOnDelivery()
    {
        await DeliverAsync("first");
        var current = (await _env.Store.GetMailboxAsync(Bob))!.LastChangeNumber;
        var wait = _env.Operations.WaitForNextChangeAsync(Bob, current, TimeSpan.FromSeconds(20)).AsTask();
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        var id = await DeliverAsync("second");

        var change = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(change);
        Assert.True(change.ChangeNumber > current);
        Assert.Equal((await _env.Store.GetItemAsync(Bob, id))!.ChangeNumber, change.ChangeNumber);
    }

    [Fact]
    public async Task WaitForChangeHonoursCallerCancellation()
    {
        await DeliverAsync("x");
        var current = (await _env.Store.GetMailboxAsync(Bob))!.LastChangeNumber;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await _env.Operations.WaitForChangeAsync(Bob, current, TimeSpan.FromSeconds(30), cts.Token));
    }
}
