using System.Text;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Storage.Tests;

/// UpdateItemAsync with an ItemUpdate: properties, the recipient table and attachments changed as one write.
public abstract partial class MailStoreContractTests
{
    private static NewAttachment NewFile(string name, byte[] content) =>
        new(new PropertyBag().Set(PropTags.AttachLongFilename, name).Set(PropTags.AttachMimeTag, "application/octet-stream"), content);

    private static async Task<long> LastChangeNumberAsync(IMailStore store, MailboxId mailbox) =>
        (await store.GetMailboxAsync(mailbox))!.LastChangeNumber;

    /// The mailbox's used bytes are the sum of its items' sizes, each equal to its PidTagMessageSize.
    private static async Task AssertSizesAddUpAsync(IMailStore store, MailboxId mailbox, params ItemId[] items)
    {
        long total = 0;
        foreach (var id in items)
        {
            var item = (await store.GetItemAsync(mailbox, id))!;
            Assert.Equal((int)item.Size, item.Properties.GetInt32(PropTags.MessageSize));
            Assert.Equal(item.Size, item.Properties.GetInt64(PropTags.MessageSizeExtended));
            total += item.Size;
        }
        Assert.Equal(total, (await store.GetMailboxAsync(mailbox))!.UsedBytes);
    }

    [Fact]
    public async Task UpdateItemReplacesTheRecipientTableWithOneChangeNumber()
    {
        var (store, mailbox) = await MailboxAsync();
        var drafts = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        var draft = Mail("draft");
        draft.Recipients.Add(new Recipient(RecipientType.To, "bob@example.com", "Bob"));
        draft.Recipients.Add(new Recipient(RecipientType.Cc, "carol@example.com"));
        var created = (await store.CreateItemAsync(mailbox, drafts, draft)).Value;
        var before = await LastChangeNumberAsync(store, mailbox);

        var replaced = await store.UpdateItemAsync(mailbox, created.Id, new ItemUpdate
        {
            Properties = new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("draft v2")),
            ReplaceRecipients = [new Recipient(RecipientType.To, "dave@example.com", "Dave"), new Recipient(RecipientType.Bcc, "eve@example.com")],
        }, created.ChangeNumber);
        Assert.True(replaced.IsSuccess, replaced.ToString());
        // One change for properties and recipients together.
        Assert.Equal(before + 1, replaced.Value.ChangeNumber);
        Assert.Equal(before + 1, await LastChangeNumberAsync(store, mailbox));
        var got = (await store.GetItemAsync(mailbox, created.Id))!;
        Assert.Equal("draft v2", got.Subject);
        Assert.Equal([("dave@example.com", RecipientType.To, "Dave"), ("eve@example.com", RecipientType.Bcc, "eve@example.com")],
            got.Recipients.Select(r => (r.Address, r.Type, r.DisplayName)));
        Assert.Equal(new ChangeKey((await store.GetMailboxAsync(mailbox))!.ReplicaGuid, got.ChangeNumber).ToBytes(), got.Properties.GetBinary(PropTags.ChangeKey));
        await AssertSizesAddUpAsync(store, mailbox, created.Id);

        // Null leaves the table; an empty list empties it.
        var untouched = await store.UpdateItemAsync(mailbox, created.Id, new ItemUpdate { Properties = new PropertyChanges().With(PropTags.Importance, PropertyValue.Long(2)) });
        Assert.Equal(2, untouched.Value.Recipients.Count);
        var emptied = await store.UpdateItemAsync(mailbox, created.Id, new ItemUpdate { ReplaceRecipients = [] });
        Assert.True(emptied.IsSuccess, emptied.ToString());
        Assert.Empty((await store.GetItemAsync(mailbox, created.Id))!.Recipients);
        Assert.Equal(2, (await store.GetItemAsync(mailbox, created.Id))!.Properties.GetInt32(PropTags.Importance));
        await AssertSizesAddUpAsync(store, mailbox, created.Id);
    }

    [Fact]
    public async Task UpdateItemAddsAndRemovesAttachments()
    {
        var (store, mailbox) = await MailboxAsync();
        var drafts = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        var small = Encoding.UTF8.GetBytes("first attachment");
        var large = AwkwardMime(300_000);
        var item = Mail("with files");
        item.Attachments.Add(NewFile("a.txt", small));
        item.Attachments.Add(NewFile("b.bin", large));
        var created = (await store.CreateItemAsync(mailbox, drafts, item)).Value;

        var third = AwkwardMime(250_000);
        var r = await store.UpdateItemAsync(mailbox, created.Id, new ItemUpdate
        {
            AddAttachments = [NewFile("c.bin", third), NewFile("d.txt", "fourth"u8.ToArray())],
            RemoveAttachments = [0],
        }, created.ChangeNumber);
        Assert.True(r.IsSuccess, r.ToString());
        // Added attachments are numbered above every attachment the item had and come last, in the order given.
        Assert.Equal([1, 2, 3], r.Value.Attachments.Select(a => a.Number));
        Assert.Equal(["b.bin", "c.bin", "d.txt"], r.Value.Attachments.Select(a => a.FileName));
        Assert.Equal(third.Length, r.Value.Attachments[1].Size);
        Assert.Equal(third.Length, r.Value.Attachments[1].Properties.GetInt32(PropTags.AttachSize));
        Assert.Equal(2, r.Value.Attachments[1].Properties.GetInt32(PropTags.AttachNumber));
        Assert.Equal((int)AttachMethod.ByValue, r.Value.Attachments[2].Properties.GetInt32(PropTags.AttachMethod));
        Assert.Null(await store.OpenAttachmentAsync(mailbox, created.Id, 0));
        Assert.Equal(large, await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, created.Id, 1)));
        Assert.Equal(third, await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, created.Id, 2)));
        Assert.Equal("fourth"u8.ToArray(), await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, created.Id, 3)));
        var got = (await store.GetItemAsync(mailbox, created.Id))!;
        Assert.True(got.Properties.GetBoolean(PropTags.HasAttachments));
        Assert.True(got.Size > large.Length + third.Length);
        Assert.True(got.Size - created.Size >= third.Length - small.Length);
        await AssertSizesAddUpAsync(store, mailbox, created.Id);

        // Removing the last ones clears HasAttachments in the bag, the message flags and the listing.
        r = await store.UpdateItemAsync(mailbox, created.Id, new ItemUpdate { RemoveAttachments = [1, 2, 3, 3] });
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Empty(r.Value.Attachments);
        Assert.False(r.Value.Properties.GetBoolean(PropTags.HasAttachments));
        Assert.False(((MessageFlags)r.Value.Properties.GetInt32(PropTags.MessageFlags)!.Value).HasFlag(MessageFlags.HasAttachments));
        Assert.False((await store.ListItemsAsync(mailbox, drafts, new ItemQuery())).Items.Single().HasAttachments);
        Assert.Null(await store.OpenAttachmentAsync(mailbox, created.Id, 2));
        Assert.True(r.Value.Size < small.Length + 2000);
        await AssertSizesAddUpAsync(store, mailbox, created.Id);

        // And adding one again sets them.
        r = await store.UpdateItemAsync(mailbox, created.Id, new ItemUpdate { AddAttachments = [NewFile("e.txt", small)] });
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal(small, await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, created.Id, r.Value.Attachments.Single().Number)));
        Assert.True((await store.ListItemsAsync(mailbox, drafts, new ItemQuery { Filter = new ItemFilter { HasAttachments = true } })).Items.Single().HasAttachments);
        await AssertSizesAddUpAsync(store, mailbox, created.Id);
    }

    [Fact]
    public async Task UpdateItemFailuresWriteNothing()
    {
        var (store, mailbox) = await MailboxAsync();
        var drafts = await WellKnownAsync(store, mailbox, WellKnownFolder.Drafts);
        var item = Mail("guarded");
        item.Recipients.Add(new Recipient(RecipientType.To, "bob@example.com"));
        item.Attachments.Add(NewFile("a.txt", "a"u8.ToArray()));
        var created = (await store.CreateItemAsync(mailbox, drafts, item)).Value;
        var moved = await store.UpdateItemAsync(mailbox, created.Id, new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("newer")));
        var before = await LastChangeNumberAsync(store, mailbox);
        var used = (await store.GetMailboxAsync(mailbox))!.UsedBytes;
        var change = new ItemUpdate
        {
            Properties = new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("lost")),
            ReplaceRecipients = [],
            AddAttachments = [NewFile("b.txt", "b"u8.ToArray())],
            RemoveAttachments = [0],
        };

        Assert.Equal(StoreError.ChangeConflict, (await store.UpdateItemAsync(mailbox, created.Id, change, created.ChangeNumber)).Error);
        Assert.Equal(StoreError.NotFound, (await store.UpdateItemAsync(mailbox, new ItemId(999_999), change)).Error);
        Assert.Equal(StoreError.MailboxNotFound, (await store.UpdateItemAsync(MailboxId.New(), created.Id, change)).Error);
        Assert.Equal(StoreError.NotFound, (await store.UpdateItemAsync(mailbox, created.Id, change with { RemoveAttachments = [0, 7] })).Error);
        Assert.Equal(StoreError.InvalidArgument, (await store.UpdateItemAsync(mailbox, created.Id, change with { RemoveAttachments = [-1] })).Error);
        var tooLarge = change with { AddAttachments = [NewFile("huge.bin", new byte[TestMaxMessageBytes])] };
        Assert.Equal(StoreError.MessageTooLarge, (await store.UpdateItemAsync(mailbox, created.Id, tooLarge)).Error);
        var tooLargeTogether = change with { AddAttachments = [NewFile("half1.bin", new byte[TestMaxMessageBytes / 2]), NewFile("half2.bin", new byte[TestMaxMessageBytes / 2])] };
        Assert.Equal(StoreError.MessageTooLarge, (await store.UpdateItemAsync(mailbox, created.Id, tooLargeTogether)).Error);

        var got = (await store.GetItemAsync(mailbox, created.Id))!;
        Assert.Equal(moved.Value.ChangeNumber, got.ChangeNumber);
        Assert.Equal("newer", got.Subject);
        Assert.Equal("bob@example.com", got.Recipients.Single().Address);
        Assert.Equal("a.txt", got.Attachments.Single().FileName);
        Assert.Equal("a"u8.ToArray(), await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, created.Id, 0)));
        Assert.Equal(before, await LastChangeNumberAsync(store, mailbox));
        Assert.Equal(used, (await store.GetMailboxAsync(mailbox))!.UsedBytes);

        // With the current change number it applies.
        var applied = await store.UpdateItemAsync(mailbox, created.Id, change, got.ChangeNumber);
        Assert.True(applied.IsSuccess, applied.ToString());
        Assert.Equal("lost", applied.Value.Subject);
        Assert.Empty(applied.Value.Recipients);
        Assert.Equal([("b.txt", 1)], applied.Value.Attachments.Select(a => (a.FileName, a.Number)));
    }

    [Fact]
    public async Task RemovingAnAttachmentLeavesACopySharingItIntact()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var archive = (await store.CreateFolderAsync(mailbox, inbox, "Archive", null)).Value.Id;
        var large = AwkwardMime(400_000);
        var small = "small"u8.ToArray();
        var mime = AwkwardMime(350_000);
        var item = new NewItem(Mail("shared").Properties) { Mime = mime };
        item.Attachments.Add(NewFile("large.bin", large));
        item.Attachments.Add(NewFile("small.txt", small));
        var original = await CreateAsync(store, mailbox, inbox, item);
        var copy = (await store.CopyItemsAsync(mailbox, [original], archive))[0].Value;

        var r = await store.UpdateItemAsync(mailbox, original, new ItemUpdate { RemoveAttachments = [0, 1] });
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Empty(r.Value.Attachments);
        // The original's MIME no longer matches it and is dropped; the copy keeps its MIME and attachments.
        Assert.False(r.Value.HasMime);
        Assert.Null(await store.OpenMimeAsync(mailbox, original));
        var c = (await store.GetItemAsync(mailbox, copy))!;
        Assert.True(c.HasMime);
        Assert.Equal(2, c.Attachments.Count);
        Assert.Equal(large, await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, copy, 0)));
        Assert.Equal(small, await ReadAllAsync(await store.OpenAttachmentAsync(mailbox, copy, 1)));
        Assert.Equal(mime, await ReadAllAsync(await store.OpenMimeAsync(mailbox, copy)));
        await AssertSizesAddUpAsync(store, mailbox, original, copy);

        // And the copy's last references go with it.
        await store.DeleteItemsAsync(mailbox, [copy]);
        Assert.Null(await store.OpenAttachmentAsync(mailbox, copy, 0));
        await AssertSizesAddUpAsync(store, mailbox, original);
    }

    [Fact]
    public async Task ChangingRecipientsOrAttachmentsDropsTheMimeButPropertiesAloneKeepIt()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var mime = AwkwardMime(2000);
        var id = await CreateAsync(store, mailbox, inbox, new NewItem(Mail("from mime").Properties) { Mime = mime });

        var r = await store.UpdateItemAsync(mailbox, id, new ItemUpdate { Properties = new PropertyChanges().With(PropTags.Importance, PropertyValue.Long(2)) });
        Assert.True(r.Value.HasMime);
        Assert.Equal(mime, await ReadAllAsync(await store.OpenMimeAsync(mailbox, id)));

        r = await store.UpdateItemAsync(mailbox, id, new ItemUpdate { ReplaceRecipients = [new Recipient(RecipientType.To, "bob@example.com")] });
        Assert.True(r.IsSuccess, r.ToString());
        Assert.False(r.Value.HasMime);
        Assert.False((await store.GetItemAsync(mailbox, id))!.HasMime);
        Assert.Null(await store.OpenMimeAsync(mailbox, id));
        Assert.True(r.Value.Size < mime.Length);
        await AssertSizesAddUpAsync(store, mailbox, id);
    }

    [Fact]
    public async Task AnUpdateOfRecipientsAndAttachmentsIsReportedAsModified()
    {
        var (store, mailbox) = await MailboxAsync();
        var calendar = await WellKnownAsync(store, mailbox, WellKnownFolder.Calendar);
        var meeting = Mail("Planning", messageClass: "IPM.Appointment");
        meeting.Recipients.Add(new Recipient(RecipientType.To, "bob@example.com"));
        var id = await CreateAsync(store, mailbox, calendar, meeting);
        var since = await LastChangeNumberAsync(store, mailbox);
        var notified = new TaskCompletionSource<MailboxChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = store.Notifications.Subscribe(mailbox, c => notified.TrySetResult(c));

        var r = await store.UpdateItemAsync(mailbox, id, new ItemUpdate
        {
            Properties = new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("Planning (room 4)")),
            ReplaceRecipients = [new Recipient(RecipientType.To, "bob@example.com"), new Recipient(RecipientType.Cc, "carol@example.com")],
            AddAttachments = [NewFile("agenda.txt", "1. budget"u8.ToArray())],
        });
        Assert.True(r.IsSuccess, r.ToString());

        var change = Assert.Single(await AllChangesAsync(store, mailbox, since, calendar));
        Assert.Equal((ChangeKind.Modified, id, r.Value.ChangeNumber), (change.Kind, change.Item, change.ChangeNumber));
        Assert.Equal("Planning (room 4)", change.Summary!.Subject);
        Assert.True(change.Summary.HasAttachments);
        var published = await notified.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(calendar, published.Folders);
        // The subject change reached the search index in the same write.
        Assert.Equal(id, (await store.SearchAsync(mailbox, new SearchQuery("room"))).Items.Single().Id);
    }
}
