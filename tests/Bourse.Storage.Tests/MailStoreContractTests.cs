using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IMailStore"/> provider must have. A provider's test class derives from this and
/// supplies <see cref="CreateStoreAsync"/>; stores created through it are disposed after each test.
/// </summary>
public abstract partial class MailStoreContractTests : IAsyncLifetime
{
    private readonly List<IMailStore> _stores = [];

    /// <summary>A new, empty store (each call an independent one).</summary>
    protected abstract Task<IMailStore> CreateStoreAsync();

    /// <summary>Frees what the provider created for the test (temporary directories, databases) after the stores are disposed.</summary>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _stores)
            await s.DisposeAsync();
        _stores.Clear();
        await CleanupAsync();
    }

    protected async Task<IMailStore> StoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    protected async Task<(IMailStore Store, MailboxId Mailbox)> MailboxAsync(MailboxQuota? quota = null)
    {
        var store = await StoreAsync();
        var mailbox = MailboxId.New();
        var created = await store.CreateMailboxAsync(mailbox, quota);
        Assert.True(created.IsSuccess, created.ToString());
        return (store, mailbox);
    }

    protected static async Task<FolderId> WellKnownAsync(IMailStore store, MailboxId mailbox, WellKnownFolder folder) =>
        (await store.GetWellKnownFolderAsync(mailbox, folder))!.Id;

    protected static NewItem Mail(string subject, string? from = "alice@example.com", DateTime? received = null, bool read = false,
        string? body = null, FlagStatus flag = FlagStatus.NotFlagged, int? importance = null, string messageClass = "IPM.Note")
    {
        var bag = new PropertyBag()
            .Set(PropTags.MessageClass, messageClass)
            .Set(PropTags.Subject, subject)
            .Set(PropTags.MessageDeliveryTime, received ?? new DateTime(2024, 1, 1, 12, 0, 0, DateTimeKind.Utc))
            .Set(PropTags.MessageFlags, read ? (int)MessageFlags.Read : 0);
        if (from is not null)
            bag.Set(PropTags.SenderName, from.Split('@')[0]).Set(PropTags.SenderSmtpAddress, from);
        if (body is not null)
            bag.Set(PropTags.Body, body);
        if (flag != FlagStatus.NotFlagged)
            bag.Set(PropTags.FlagStatus, (int)flag);
        if (importance is { } i)
            bag.Set(PropTags.Importance, i);
        return new NewItem(bag);
    }

    protected static async Task<ItemId> CreateAsync(IMailStore store, MailboxId mailbox, FolderId folder, NewItem item)
    {
        var r = await store.CreateItemAsync(mailbox, folder, item);
        Assert.True(r.IsSuccess, r.ToString());
        return r.Value.Id;
    }

    protected static async Task<List<ItemChange>> AllChangesAsync(IMailStore store, MailboxId mailbox, long since, FolderId? folder = null, int page = 100)
    {
        var all = new List<ItemChange>();
        while (true)
        {
            var set = await store.GetChangesAsync(mailbox, new ChangeQuery(since) { Folder = folder, MaxChanges = page });
            all.AddRange(set.Changes);
            Assert.True(set.HighestChangeNumber >= since);
            since = set.HighestChangeNumber;
            if (!set.MoreAvailable)
                return all;
        }
    }

    // ---- mailboxes -------------------------------------------------------------------------------

    [Fact]
    public async Task CreateMailboxCreatesEveryWellKnownFolderWithItsContainerClass()
    {
        var (store, mailbox) = await MailboxAsync();
        var folders = await store.GetFoldersAsync(mailbox);
        Assert.Equal(WellKnownFolders.All.Count, folders.Count);
        foreach (var def in WellKnownFolders.All)
        {
            var f = await store.GetWellKnownFolderAsync(mailbox, def.Folder);
            Assert.NotNull(f);
            Assert.Equal(def.DisplayName, f.DisplayName);
            Assert.Equal(def.ContainerClass, f.ContainerClass);
            Assert.Equal(def.Folder, f.WellKnown);
            if (def.Parent is { } p)
                Assert.Equal((await store.GetWellKnownFolderAsync(mailbox, p))!.Id, f.ParentId);
            else
                Assert.Null(f.ParentId);
            Assert.Equal(def.DisplayName, f.Properties.GetString(PropTags.DisplayName));
            Assert.Equal(ChangeKey.Length, f.Properties.GetBinary(PropTags.ChangeKey)!.Length);
        }
        // Parents come before their children.
        var seen = new HashSet<FolderId>();
        foreach (var f in folders)
        {
            if (f.ParentId is { } p)
                Assert.Contains(p, seen);
            seen.Add(f.Id);
        }
        Assert.Equal(folders.Count, folders.Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public async Task CreateMailboxTwiceIsAlreadyExists()
    {
        var (store, mailbox) = await MailboxAsync();
        var again = await store.CreateMailboxAsync(mailbox);
        Assert.Equal(StoreError.AlreadyExists, again.Error);
    }

    [Fact]
    public async Task GetMailboxReportsStateAndUnknownMailboxIsNull()
    {
        var quota = new MailboxQuota(1000, 2000, 3000);
        var (store, mailbox) = await MailboxAsync(quota);
        var info = await store.GetMailboxAsync(mailbox);
        Assert.NotNull(info);
        Assert.Equal(mailbox, info.Id);
        Assert.Equal(quota, info.Quota);
        Assert.NotEqual(Guid.Empty, info.ReplicaGuid);
        Assert.True(info.LastChangeNumber > 0);
        Assert.Equal(0, info.ItemCount);
        Assert.Null(await store.GetMailboxAsync(MailboxId.New()));
    }

    [Fact]
    public async Task SetQuotaChangesQuotaAndUnknownMailboxFails()
    {
        var (store, mailbox) = await MailboxAsync();
        var r = await store.SetQuotaAsync(mailbox, new MailboxQuota(10, 20, 30));
        Assert.True(r.IsSuccess);
        Assert.Equal(new MailboxQuota(10, 20, 30), (await store.GetMailboxAsync(mailbox))!.Quota);
        Assert.Equal(StoreError.MailboxNotFound, (await store.SetQuotaAsync(MailboxId.New(), MailboxQuota.Unlimited)).Error);
    }

    [Fact]
    public async Task DeleteMailboxRemovesEverything()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var id = await CreateAsync(store, mailbox, inbox, Mail("doomed"));
        Assert.True(await store.DeleteMailboxAsync(mailbox));
        Assert.Null(await store.GetMailboxAsync(mailbox));
        Assert.Empty(await store.GetFoldersAsync(mailbox));
        Assert.Null(await store.GetItemAsync(mailbox, id));
        Assert.False(await store.DeleteMailboxAsync(mailbox));
        // The mailbox can be created again from scratch.
        Assert.True((await store.CreateMailboxAsync(mailbox)).IsSuccess);
        Assert.Equal(0, (await store.GetMailboxAsync(mailbox))!.ItemCount);
    }

    [Fact]
    public async Task UnknownMailboxGivesMailboxNotFoundOrEmptyAnswers()
    {
        var store = await StoreAsync();
        var nobody = MailboxId.New();
        var f = new FolderId(5);
        Assert.Equal(StoreError.MailboxNotFound, (await store.CreateFolderAsync(nobody, f, "x", null)).Error);
        Assert.Equal(StoreError.MailboxNotFound, (await store.CreateItemAsync(nobody, f, Mail("x"))).Error);
        Assert.All(await store.CreateItemsAsync(nobody, f, [Mail("x")]), r => Assert.Equal(StoreError.MailboxNotFound, r.Error));
        Assert.All(await store.DeleteItemsAsync(nobody, [new ItemId(1)]), r => Assert.Equal(StoreError.MailboxNotFound, r.Error));
        Assert.Equal(StoreError.MailboxNotFound, (await store.UpdateItemAsync(nobody, new ItemId(1), new PropertyChanges())).Error);
        Assert.Equal(StoreError.MailboxNotFound, (await store.SetFlagAsync(nobody, new ItemId(1), FlagStatus.Flagged)).Error);
        Assert.Null(await store.GetFolderAsync(nobody, f));
        Assert.Null(await store.GetWellKnownFolderAsync(nobody, WellKnownFolder.Inbox));
        Assert.Empty((await store.ListItemsAsync(nobody, f, new ItemQuery())).Items);
        Assert.Empty((await store.SearchAsync(nobody, new SearchQuery("x"))).Items);
        Assert.Empty((await store.GetChangesAsync(nobody, new ChangeQuery(0))).Changes);
        Assert.Empty((await store.GetFolderChangesAsync(nobody, 0)).Changes);
        Assert.Null(await store.OpenMimeAsync(nobody, new ItemId(1)));
        Assert.Null(await store.OpenAttachmentAsync(nobody, new ItemId(1), 0));
    }
}
