using Bourse.Core.Errors;
using Bourse.Core.Ids;

namespace Bourse.Storage.Tests;

public abstract partial class MailStoreContractTests
{
    [Fact]
    public async Task StateRoundTripsReplacesAndRemovesWithoutTakingAChangeNumber()
    {
        var (store, mailbox) = await MailboxAsync();
        var cn = (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;
        Assert.Null(await store.GetStateAsync(mailbox, "eas/dev1/sync/5"));

        Assert.True((await store.SetStateAsync(mailbox, "eas/dev1/sync/5", [1, 2, 3])).IsSuccess);
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetStateAsync(mailbox, "eas/dev1/sync/5"));
        Assert.True((await store.SetStateAsync(mailbox, "eas/dev1/sync/5", [9])).IsSuccess);
        Assert.Equal(new byte[] { 9 }, await store.GetStateAsync(mailbox, "eas/dev1/sync/5"));
        Assert.True((await store.SetStateAsync(mailbox, "eas/dev1/sync/5", [])).IsSuccess);
        Assert.Equal(Array.Empty<byte>(), await store.GetStateAsync(mailbox, "eas/dev1/sync/5"));

        Assert.True((await store.SetStateAsync(mailbox, "eas/dev1/sync/5", null)).IsSuccess);
        Assert.Null(await store.GetStateAsync(mailbox, "eas/dev1/sync/5"));
        Assert.Equal(cn, (await store.GetMailboxAsync(mailbox))!.LastChangeNumber);
    }

    [Fact]
    public async Task StatesAreListedAndDeletedByPrefixAndNeverCrossMailboxes()
    {
        var (store, alice) = await MailboxAsync();
        var bob = MailboxId.New();
        Assert.True((await store.CreateMailboxAsync(bob)).IsSuccess);
        foreach (var k in new[] { "eas/a/1", "eas/a/2", "eas/ab/1", "eas/b/1", "ews/x" })
            Assert.True((await store.SetStateAsync(alice, k, [1])).IsSuccess);
        Assert.True((await store.SetStateAsync(bob, "eas/a/1", [2])).IsSuccess);

        Assert.Equal(["eas/a/1", "eas/a/2"], await store.ListStateKeysAsync(alice, "eas/a/"));
        Assert.Equal(["eas/a/1", "eas/a/2", "eas/ab/1", "eas/b/1"], await store.ListStateKeysAsync(alice, "eas/"));
        Assert.Equal(new byte[] { 2 }, await store.GetStateAsync(bob, "eas/a/1"));

        var deleted = await store.DeleteStatesAsync(alice, "eas/a/");
        Assert.Equal(2, deleted.Value);
        Assert.Equal(["eas/ab/1", "eas/b/1", "ews/x"], await store.ListStateKeysAsync(alice, ""));
        Assert.Equal(new byte[] { 2 }, await store.GetStateAsync(bob, "eas/a/1"));
    }

    [Fact]
    public async Task StateErrorsAndMailboxDeletionRemovesStates()
    {
        var (store, mailbox) = await MailboxAsync();
        Assert.Equal(StoreError.MailboxNotFound, (await store.SetStateAsync(MailboxId.New(), "k", [1])).Error);
        Assert.Equal(StoreError.MailboxNotFound, (await store.DeleteStatesAsync(MailboxId.New(), "k")).Error);
        Assert.Null(await store.GetStateAsync(MailboxId.New(), "k"));
        Assert.Empty(await store.ListStateKeysAsync(MailboxId.New(), ""));
        Assert.Equal(StoreError.InvalidArgument, (await store.SetStateAsync(mailbox, "", [1])).Error);
        Assert.Equal(StoreError.InvalidArgument, (await store.SetStateAsync(mailbox, new string('k', StateLimits.MaxKeyLength + 1), [1])).Error);
        Assert.Equal(StoreError.InvalidArgument, (await store.SetStateAsync(mailbox, "k", new byte[StateLimits.MaxValueBytes + 1])).Error);

        Assert.True((await store.SetStateAsync(mailbox, "k", [1])).IsSuccess);
        Assert.True(await store.DeleteMailboxAsync(mailbox));
        Assert.True((await store.CreateMailboxAsync(mailbox)).IsSuccess);
        Assert.Null(await store.GetStateAsync(mailbox, "k"));
    }
}
