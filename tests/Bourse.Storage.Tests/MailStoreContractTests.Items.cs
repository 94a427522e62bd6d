using System.Text;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Storage.Tests;

public abstract partial class MailStoreContractTests
{
    /// <summary>Bytes that are not valid UTF-8, NULs, and CR/LF in every combination, so any text decoding would show.</summary>
    protected static byte[] AwkwardMime(int size)
    {
        var header = "From: a@example.com\r\nSubject: bytes\nX-Bare-CR: x\r\r\n\r\n"u8.ToArray();
        var bytes = new byte[Math.Max(size, header.Length + 16)];
        header.CopyTo(bytes, 0);
        var rnd = new Random(size);
        for (var i = header.Length; i < bytes.Length; i++)
            bytes[i] = (i % 7) switch { 0 => (byte)'\r', 1 => (byte)'\n', 2 => 0xFF, 3 => 0xC3, 4 => 0x00, _ => (byte)rnd.Next(256) };
        return bytes;
    }

    protected static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var ms = new MemoryStream();
            await stream.CopyToAsync(ms);
            return ms.ToArray();
        }
    }

    [Fact]
    public async Task CreateItemStampsStorePropertiesAndRoundTrips()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var info = (await store.GetMailboxAsync(mailbox))!;
        var item = Mail("Hello", body: "the body", flag: FlagStatus.Flagged);
        item.Properties.Set(PropertyKey.FromName(NamedProperty.ByName(PropertySets.PublicStrings, "X-Custom"), PropertyType.Unicode), PropertyValue.Unicode("v"));
        item.Recipients.Add(new Recipient(RecipientType.To, "bob@example.com", "Bob"));
        item.Recipients.Add(new Recipient(RecipientType.Cc, "carol@example.com"));
        var r = await store.CreateItemAsync(mailbox, inbox, item);
        Assert.True(r.IsSuccess, r.ToString());
        var created = r.Value;
        Assert.True(created.ChangeNumber > info.LastChangeNumber);

        var got = await store.GetItemAsync(mailbox, created.Id);
        Assert.NotNull(got);
        Assert.Equal(inbox, got.FolderId);
        Assert.Equal(created.ChangeNumber, got.ChangeNumber);
        Assert.Equal("Hello", got.Subject);
        Assert.Equal("the body", got.Properties.GetString(PropTags.Body));
        Assert.Equal("v", got.Properties.GetString(PropertyKey.FromName(NamedProperty.ByName(PropertySets.PublicStrings, "X-Custom"), PropertyType.Unicode)));
        Assert.Equal(new ChangeKey(info.ReplicaGuid, got.ChangeNumber).ToBytes(), got.Properties.GetBinary(PropTags.ChangeKey));
        Assert.NotNull(got.Properties.GetDateTime(PropTags.CreationTime));
        Assert.NotNull(got.Properties.GetDateTime(PropTags.LastModificationTime));
        Assert.Equal((int)got.Size, got.Properties.GetInt32(PropTags.MessageSize));
        Assert.False(got.Properties.GetBoolean(PropTags.HasAttachments));
        Assert.Equal(FlagStatus.Flagged, got.FlagStatus);
        Assert.False(got.IsRead);
        Assert.False(got.HasMime);
        Assert.Equal(2, got.Recipients.Count);
        Assert.Equal("bob@example.com", got.Recipients[0].Address);
        Assert.Equal("Bob", got.Recipients[0].DisplayName);
        Assert.Equal(RecipientType.Cc, got.Recipients[1].Type);
        Assert.Null(await store.OpenMimeAsync(mailbox, created.Id));
        // The caller's bag is not changed by the store.
        Assert.False(item.Properties.Contains(PropTags.ChangeKey));
    }

    [Fact]
    public async Task CreateItemErrors()
    {
        var (store, mailbox) = await MailboxAsync();
        var before = (await store.GetMailboxAsync(mailbox))!;
        Assert.Equal(StoreError.NotFound, (await store.CreateItemAsync(mailbox, new FolderId(999_999), Mail("x"))).Error);
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        Assert.Equal(StoreError.MailboxNotFound, (await store.CreateItemAsync(MailboxId.New(), inbox, Mail("x"))).Error);
        Assert.Null(await store.GetItemAsync(mailbox, new ItemId(999_999)));
        // A refused create takes no change number or id and counts nothing against the quota.
        var after = (await store.GetMailboxAsync(mailbox))!;
        Assert.Equal(before.LastChangeNumber, after.LastChangeNumber);
        Assert.Equal(before.UsedBytes, after.UsedBytes);
        Assert.Equal(before.ItemCount, after.ItemCount);
    }

    [Fact]
    public async Task IdsAreNeverReusedAndSharedBetweenFoldersAndItems()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var ids = new HashSet<long>((await store.GetFoldersAsync(mailbox)).Select(f => f.Id.Value));
        var a = await CreateAsync(store, mailbox, inbox, Mail("a"));
        Assert.True(ids.Add(a.Value));
        await store.DeleteItemsAsync(mailbox, [a]);
        var b = await CreateAsync(store, mailbox, inbox, Mail("b"));
        Assert.True(ids.Add(b.Value));
        var f = (await store.CreateFolderAsync(mailbox, inbox, "F", null)).Value;
        Assert.True(ids.Add(f.Id.Value));
        Assert.True(b.Value > a.Value && f.Id.Value > b.Value);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(300_000)]
    public async Task MimeRoundTripsByteExact(int size)
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var mime = AwkwardMime(size);
        var item = new NewItem(Mail("mime").Properties) { Mime = mime };
        var id = await CreateAsync(store, mailbox, inbox, item);
        Assert.Equal(mime, await ReadAllAsync(await store.OpenMimeAsync(mailbox, id)));
        var got = (await store.GetItemAsync(mailbox, id))!;
        Assert.True(got.HasMime);
        Assert.True(got.Size >= mime.Length);
        // Copies share the content and survive the original's deletion.
        var copy = (await store.CopyItemsAsync(mailbox, [id], inbox))[0].Value;
        await store.DeleteItemsAsync(mailbox, [id]);
        Assert.Null(await store.OpenMimeAsync(mailbox, id));
        Assert.Equal(mime, await ReadAllAsync(await store.OpenMimeAsync(mailbox, copy)));
    }

    [Fact]
    public async Task AttachmentsAreStoredAndStreamed()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var small = Encoding.UTF8.GetBytes("hello attachment");
        var large = AwkwardMime(400_000);
        var item = Mail("with attachments");
        item.Attachments.Add(new NewAttachment(new PropertyBag().Set(PropTags.AttachLongFilename, "a.txt").Set(PropTags.AttachMimeTag, "text/plain"), small));
        item.Attachments.Add(new NewAttachment(new PropertyBag().Set(PropTags.AttachLongFilename, "b.bin"), large));
        item.Attachments.Add(new NewAttachment(new PropertyBag().Set(PropTags.AttachLongFilename, "empty"), ReadOnlyMemory<byte>.Empty));
        var id = await CreateAsync(store, mailbox, inbox, item);
        var got = (await store.GetItemAsync(mailbox, id))!;
        Assert.True(got.Properties.GetBoolean(PropTags.HasAttachments));
        Assert.True(((MessageFlags)got.Properties.GetInt32(PropTags.MessageFlags)!.Value).HasFlag(MessageFlags.HasAttachments));
        Assert.Equal([0, 1, 2], got.Attachments.Select(a => a.Number));
        Assert.Equal("a.txt", got.Attachments[0].FileName);
        Assert.Equal("text/plain", got.Attachments[0].ContentType);
        Assert.Equal(small.Length, got.Attachments[0].Size);
        Assert.Equal(large.Length, got.Attachments[1].Size);
        Assert.Equal(small, await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, id, 0)));
        Assert.Equal(large, await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, id, 1)));
        Assert.Empty(await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, id, 2)));
        Assert.Null(await store.OpenAttachmentAsync(mailbox, id, 3));
        Assert.True(got.Size > large.Length + small.Length);
        var summary = (await store.ListItemsAsync(mailbox, inbox, new ItemQuery())).Items.Single();
        Assert.True(summary.HasAttachments);

        var copy = (await store.CopyItemsAsync(mailbox, [id], inbox))[0].Value;
        await store.DeleteItemsAsync(mailbox, [id]);
        Assert.Null(await store.OpenAttachmentAsync(mailbox, id, 1));
        Assert.Equal(large, await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, copy, 1)));
        Assert.Equal(3, (await store.GetItemAsync(mailbox, copy))!.Attachments.Count);
    }

    [Fact]
    public async Task UpdateItemAppliesChangesAndChecksExpectedChangeNumber()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var created = (await store.CreateItemAsync(mailbox, inbox, Mail("before", body: "b"))).Value;
        var changes = new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("after")).Without(PropTags.Body);
        var r = await store.UpdateItemAsync(mailbox, created.Id, changes, created.ChangeNumber);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal("after", r.Value.Subject);
        Assert.Null(r.Value.Properties.GetString(PropTags.Body));
        Assert.True(r.Value.ChangeNumber > created.ChangeNumber);
        Assert.Equal(created.Properties.GetDateTime(PropTags.CreationTime), r.Value.Properties.GetDateTime(PropTags.CreationTime));
        Assert.NotEqual(created.Properties.GetBinary(PropTags.ChangeKey), r.Value.Properties.GetBinary(PropTags.ChangeKey));
        Assert.Equal((int)r.Value.Size, r.Value.Properties.GetInt32(PropTags.MessageSize));

        var stale = await store.UpdateItemAsync(mailbox, created.Id, new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("lost")), created.ChangeNumber);
        Assert.Equal(StoreError.ChangeConflict, stale.Error);
        Assert.Equal("after", (await store.GetItemAsync(mailbox, created.Id))!.Subject);
        Assert.Equal(StoreError.NotFound, (await store.UpdateItemAsync(mailbox, new ItemId(999_999), changes)).Error);

        // The indexed columns follow the bag.
        await store.UpdateItemAsync(mailbox, created.Id, new PropertyChanges().With(PropTags.MessageFlags, PropertyValue.Long((int)MessageFlags.Read)));
        var summary = (await store.ListItemsAsync(mailbox, inbox, new ItemQuery())).Items.Single();
        Assert.Equal("after", summary.Subject);
        Assert.True(summary.IsRead);
        Assert.Equal(0, (await store.GetFolderAsync(mailbox, inbox))!.UnreadCount);
    }

    [Fact]
    public async Task SetReadAndSetFlagKeepBagAndColumnsConsistent()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var a = await CreateAsync(store, mailbox, inbox, Mail("a"));
        var b = await CreateAsync(store, mailbox, inbox, Mail("b"));
        Assert.Equal(2, (await store.GetFolderAsync(mailbox, inbox))!.UnreadCount);
        var before = (await store.GetItemAsync(mailbox, a))!.ChangeNumber;
        var results = await store.SetReadAsync(mailbox, [a, new ItemId(999_999), b], true);
        Assert.True(results[0].IsSuccess);
        Assert.Equal(StoreError.NotFound, results[1].Error);
        Assert.True(results[2].IsSuccess);
        var item = (await store.GetItemAsync(mailbox, a))!;
        Assert.True(item.IsRead);
        Assert.True(item.ChangeNumber > before);
        Assert.Equal(0, (await store.GetFolderAsync(mailbox, inbox))!.UnreadCount);
        Assert.All((await store.ListItemsAsync(mailbox, inbox, new ItemQuery())).Items, s => Assert.True(s.IsRead));
        await store.SetReadAsync(mailbox, [a], false);
        Assert.False((await store.GetItemAsync(mailbox, a))!.IsRead);
        Assert.Equal(1, (await store.GetFolderAsync(mailbox, inbox))!.UnreadCount);

        Assert.True((await store.SetFlagAsync(mailbox, a, FlagStatus.Flagged)).IsSuccess);
        Assert.Equal(FlagStatus.Flagged, (await store.GetItemAsync(mailbox, a))!.FlagStatus);
        Assert.True((await store.SetFlagAsync(mailbox, a, FlagStatus.Complete)).IsSuccess);
        item = (await store.GetItemAsync(mailbox, a))!;
        Assert.Equal(FlagStatus.Complete, item.FlagStatus);
        Assert.NotNull(item.Properties.GetDateTime(PropTags.FlagCompleteTime));
        Assert.Equal(FlagStatus.Complete, (await store.ListItemsAsync(mailbox, inbox, new ItemQuery { Filter = new ItemFilter { FlagStatus = FlagStatus.Complete } })).Items.Single().FlagStatus);
        Assert.True((await store.SetFlagAsync(mailbox, a, FlagStatus.NotFlagged)).IsSuccess);
        Assert.Equal(FlagStatus.NotFlagged, (await store.GetItemAsync(mailbox, a))!.FlagStatus);
        Assert.Equal(StoreError.NotFound, (await store.SetFlagAsync(mailbox, new ItemId(999_999), FlagStatus.Flagged)).Error);
        Assert.Equal(StoreError.InvalidArgument, (await store.SetFlagAsync(mailbox, a, (FlagStatus)42)).Error);
    }

    [Fact]
    public async Task MoveKeepsIdAndCopyGetsNewId()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var archive = (await store.CreateFolderAsync(mailbox, inbox, "Archive", null)).Value.Id;
        var a = await CreateAsync(store, mailbox, inbox, Mail("a"));
        var moved = await store.MoveItemsAsync(mailbox, [a, new ItemId(999_999)], archive);
        Assert.Equal(a, moved[0].Value);
        Assert.Equal(StoreError.NotFound, moved[1].Error);
        Assert.Equal(archive, (await store.GetItemAsync(mailbox, a))!.FolderId);
        Assert.Equal(0, (await store.GetFolderAsync(mailbox, inbox))!.TotalCount);
        Assert.Equal(1, (await store.GetFolderAsync(mailbox, archive))!.TotalCount);
        Assert.Equal(1, (await store.GetFolderAsync(mailbox, archive))!.UnreadCount);
        Assert.All(await store.MoveItemsAsync(mailbox, [a], new FolderId(999_999)), r => Assert.Equal(StoreError.NotFound, r.Error));

        var copies = await store.CopyItemsAsync(mailbox, [a, new ItemId(999_999)], inbox);
        var copy = copies[0].Value;
        Assert.NotEqual(a, copy);
        Assert.Equal(StoreError.NotFound, copies[1].Error);
        var c = (await store.GetItemAsync(mailbox, copy))!;
        Assert.Equal("a", c.Subject);
        Assert.Equal(inbox, c.FolderId);
        Assert.NotEqual((await store.GetItemAsync(mailbox, a))!.Properties.GetBinary(PropTags.SourceKey), c.Properties.GetBinary(PropTags.SourceKey));
        Assert.Equal(2, (await store.GetMailboxAsync(mailbox))!.ItemCount);
        Assert.Single((await store.SearchAsync(mailbox, new SearchQuery("a") { Folder = inbox })).Items);
    }

    [Fact]
    public async Task DeleteItemsReportsPerItem()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var a = await CreateAsync(store, mailbox, inbox, Mail("a"));
        var r = await store.DeleteItemsAsync(mailbox, [a, a]);
        Assert.True(r[0].IsSuccess);
        Assert.Equal(StoreError.NotFound, r[1].Error);
        Assert.Null(await store.GetItemAsync(mailbox, a));
        Assert.Equal(0, (await store.GetFolderAsync(mailbox, inbox))!.TotalCount);
        Assert.Equal(0, (await store.GetFolderAsync(mailbox, inbox))!.UnreadCount);
    }

    [Fact]
    public async Task QuotaAccountingIsExact()
    {
        var (store, mailbox) = await MailboxAsync(new MailboxQuota(IssueWarningBytes: 1, ProhibitSendBytes: 10_000_000));
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var a = (await store.CreateItemAsync(mailbox, inbox, new NewItem(Mail("a").Properties) { Mime = AwkwardMime(5000) })).Value;
        var b = (await store.CreateItemAsync(mailbox, inbox, Mail("b"))).Value;
        var info = (await store.GetMailboxAsync(mailbox))!;
        Assert.Equal(2, info.ItemCount);
        Assert.Equal(a.Size + b.Size, info.UsedBytes);
        Assert.True(info.IsOverWarning);
        Assert.False(info.IsOverSendQuota);

        var updated = (await store.UpdateItemAsync(mailbox, b.Id, new PropertyChanges().With(PropTags.Body, PropertyValue.Unicode(new string('x', 3000))))).Value;
        Assert.True(updated.Size > b.Size + 3000);
        var copy = (await store.CopyItemsAsync(mailbox, [a.Id], inbox))[0].Value;
        var copySize = (await store.GetItemAsync(mailbox, copy))!.Size;
        info = (await store.GetMailboxAsync(mailbox))!;
        Assert.Equal(3, info.ItemCount);
        Assert.Equal(a.Size + updated.Size + copySize, info.UsedBytes);

        await store.DeleteItemsAsync(mailbox, [a.Id, b.Id, copy]);
        info = (await store.GetMailboxAsync(mailbox))!;
        Assert.Equal(0, info.ItemCount);
        Assert.Equal(0, info.UsedBytes);
    }

    [Fact]
    public async Task CreateItemsCreatesManyEachOnItsOwn()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var items = Enumerable.Range(0, 50).Select(i => Mail("bulk " + i)).ToList();
        var results = await store.CreateItemsAsync(mailbox, inbox, items);
        Assert.Equal(50, results.Count);
        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(50, results.Select(r => r.Value).Distinct().Count());
        Assert.Equal(50, (await store.GetFolderAsync(mailbox, inbox))!.TotalCount);
        Assert.All(await store.CreateItemsAsync(mailbox, new FolderId(999_999), [Mail("x")]), r => Assert.Equal(StoreError.NotFound, r.Error));
    }

    [Fact]
    public async Task OverlappingBatchesAreCreatedInTheOrderTheyWereHandedOver()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        // A large, slow-to-prepare batch first, then small quick ones, all handed over before any is written: an importer
        // overlapping its batches must still see its items in source order.
        var body = new string('x', 40_000);
        var batches = new List<List<NewItem>> { Enumerable.Range(0, 150).Select(i => Mail($"b0 {i:D3}", body: body)).ToList() };
        for (var b = 1; b <= 5; b++)
            batches.Add([Mail($"b{b} 000")]);
        var calls = batches.Select(batch => store.CreateItemsAsync(mailbox, inbox, batch).AsTask()).ToList();
        Assert.All(await Task.WhenAll(calls), results => Assert.All(results, r => Assert.True(r.IsSuccess)));

        var page = await store.ListItemsAsync(mailbox, inbox, new ItemQuery { SortBy = ItemSortField.EntryOrder, Descending = false, Limit = 200 });
        var expected = batches.SelectMany(batch => batch).Select(i => i.Properties.GetString(PropTags.Subject)!).ToList();
        Assert.Equal(expected, page.Items.Select(i => i.Subject).ToList());
    }
}
