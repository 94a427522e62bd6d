using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Storage.Tests;

public abstract partial class MailStoreContractTests
{
    /// <summary>The MaxMessageBytes a provider must configure for stores made by <see cref="CreateStoreAsync"/>.</summary>
    protected const long TestMaxMessageBytes = 2_000_000;

    [Fact]
    public async Task OversizedMessageIsRefusedBeforeAnythingIsWritten()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var before = (await store.GetMailboxAsync(mailbox))!;
        var tooBig = new NewItem(Mail("big").Properties) { Mime = new byte[TestMaxMessageBytes + 1] };
        Assert.Equal(StoreError.MessageTooLarge, (await store.CreateItemAsync(mailbox, inbox, tooBig)).Error);
        var bigAttachment = Mail("big attachment");
        bigAttachment.Attachments.Add(new NewAttachment(new PropertyBag(), new byte[TestMaxMessageBytes]));
        Assert.Equal(StoreError.MessageTooLarge, (await store.CreateItemAsync(mailbox, inbox, bigAttachment)).Error);
        var batch = await store.CreateItemsAsync(mailbox, inbox, [Mail("ok"), tooBig]);
        Assert.True(batch[0].IsSuccess);
        Assert.Equal(StoreError.MessageTooLarge, batch[1].Error);
        var after = (await store.GetMailboxAsync(mailbox))!;
        Assert.Equal(1, after.ItemCount);
        Assert.Equal(before.LastChangeNumber + 1, after.LastChangeNumber);
    }

    [Theory]
    [InlineData(ItemSortField.ReceivedTime)]
    [InlineData(ItemSortField.Subject)]
    [InlineData(ItemSortField.SenderName)]
    [InlineData(ItemSortField.Size)]
    [InlineData(ItemSortField.Importance)]
    [InlineData(ItemSortField.IsRead)]
    [InlineData(ItemSortField.FlagStatus)]
    [InlineData(ItemSortField.ChangeNumber)]
    [InlineData(ItemSortField.StartTime)]
    [InlineData(ItemSortField.EntryOrder)]
    public async Task ListItemsSortsAndPagesDeterministically(ItemSortField sort)
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var rnd = new Random(7);
        var items = new List<NewItem>();
        for (var i = 0; i < 37; i++)
        {
            var m = Mail($"subject {rnd.Next(5)}", $"sender{rnd.Next(4)}@example.com", new DateTime(2024, 1, 1 + rnd.Next(5), 0, 0, 0, DateTimeKind.Utc),
                read: rnd.Next(2) == 0, body: new string('b', rnd.Next(3) * 100), flag: (FlagStatus)rnd.Next(3), importance: rnd.Next(3));
            m.Properties.Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(new DateTime(2024, 2, 1 + rnd.Next(3), 0, 0, 0, DateTimeKind.Utc)));
            items.Add(m);
        }
        await store.CreateItemsAsync(mailbox, inbox, items);
        foreach (var descending in new[] { true, false })
        {
            var full = (await store.ListItemsAsync(mailbox, inbox, new ItemQuery { SortBy = sort, Descending = descending, Limit = 1000 })).Items;
            Assert.Equal(37, full.Count);
            var expected = Sort(full, sort, descending);
            Assert.Equal(expected.Select(s => s.Id), full.Select(s => s.Id));
            var paged = new List<ItemSummary>();
            for (var offset = 0; offset < 37; offset += 10)
            {
                var page = await store.ListItemsAsync(mailbox, inbox, new ItemQuery { SortBy = sort, Descending = descending, Offset = offset, Limit = 10 });
                Assert.Equal(37, page.TotalCount);
                paged.AddRange(page.Items);
            }
            Assert.Equal(full.Select(s => s.Id), paged.Select(s => s.Id));
        }
    }

    private static List<ItemSummary> Sort(IEnumerable<ItemSummary> items, ItemSortField sort, bool descending)
    {
        Func<ItemSummary, IComparable?> key = sort switch
        {
            ItemSortField.Subject => s => s.Subject.ToUpperInvariant(),
            ItemSortField.SenderName => s => s.SenderName?.ToUpperInvariant(),
            ItemSortField.Size => s => s.Size,
            ItemSortField.Importance => s => s.Importance,
            ItemSortField.IsRead => s => s.IsRead,
            ItemSortField.FlagStatus => s => (int)s.FlagStatus,
            ItemSortField.StartTime => s => s.StartUtc,
            ItemSortField.ChangeNumber => s => s.ChangeNumber,
            // Freshly created items entered in id order.
            ItemSortField.EntryOrder => s => s.Id.Value,
            _ => s => s.ReceivedUtc,
        };
        var ordered = descending
            ? items.OrderByDescending(key, Comparer<IComparable?>.Default).ThenByDescending(s => s.Id.Value)
            : items.OrderBy(key, Comparer<IComparable?>.Default).ThenBy(s => s.Id.Value);
        return ordered.ToList();
    }

    [Fact]
    public async Task ListItemsFilters()
    {
        var (store, mailbox) = await MailboxAsync();
        var calendar = await WellKnownAsync(store, mailbox, WellKnownFolder.Calendar);
        var t0 = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        async Task<ItemId> Add(string subject, bool read, string cls, int day, int? startHour, int? endHour, string from, bool attach = false)
        {
            var m = Mail(subject, from, t0.AddDays(day), read: read, messageClass: cls);
            if (startHour is { } s)
                m.Properties.Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(t0.AddHours(s)));
            if (endHour is { } e)
                m.Properties.Set(NamedProps.AppointmentEndWhole, PropertyValue.SysTime(t0.AddHours(e)));
            if (attach)
                m.Attachments.Add(new NewAttachment(new PropertyBag(), new byte[] { 1 }));
            return await CreateAsync(store, mailbox, calendar, m);
        }
        var a = await Add("a", false, "IPM.Note", 0, 1, 3, "x@example.com", attach: true);
        var b = await Add("b", true, "IPM.Note.SMIME", 1, 2, 5, "Y@example.com");
        var c = await Add("c", false, "IPM.Notes", 2, 6, 7, "x@example.com");
        var d = await Add("d", true, "IPM.Appointment", 3, 4, 4, "z@example.com");
        var e = await Add("e", false, "IPM.Appointment", 4, null, null, "z@example.com");

        async Task<List<ItemId>> Q(ItemFilter f)
        {
            var page = await store.ListItemsAsync(mailbox, calendar, new ItemQuery { Filter = f, SortBy = ItemSortField.Subject, Descending = false });
            Assert.Equal(page.Items.Count, page.TotalCount);
            return page.Items.Select(i => i.Id).ToList();
        }
        Assert.Equal([a, c, e], await Q(new ItemFilter { IsRead = false }));
        Assert.Equal([a], await Q(new ItemFilter { HasAttachments = true }));
        Assert.Equal([a, b], await Q(new ItemFilter { MessageClassPrefix = "ipm.note" }));
        Assert.Equal([b, c], await Q(new ItemFilter { ReceivedOnOrAfterUtc = t0.AddDays(1), ReceivedBeforeUtc = t0.AddDays(3) }));
        Assert.Equal([a, c], await Q(new ItemFilter { SenderAddress = "X@EXAMPLE.COM" }));
        // [3h, 6h) overlaps a [1,3)? no; b [2,5) yes; c [6,7) no; d at 4 (zero length) yes; e has no time.
        Assert.Equal([b, d], await Q(new ItemFilter { RangeStartUtc = t0.AddHours(3), RangeEndUtc = t0.AddHours(6) }));
        Assert.Equal([a, b, c, d], await Q(new ItemFilter { RangeStartUtc = t0 }));
        Assert.Equal([c], await Q(new ItemFilter { IsRead = false, SenderAddress = "x@example.com", HasAttachments = false }));
        var page = await store.ListItemsAsync(mailbox, calendar, new ItemQuery { Filter = new ItemFilter { IsRead = false }, Limit = 1 });
        Assert.Single(page.Items);
        Assert.Equal(3, page.TotalCount);
        Assert.Empty((await store.ListItemsAsync(mailbox, new FolderId(999_999), new ItemQuery())).Items);
        var summary = (await store.ListItemsAsync(mailbox, calendar, new ItemQuery { Filter = new ItemFilter { HasAttachments = true } })).Items.Single();
        Assert.Equal(t0.AddHours(1), summary.StartUtc);
        Assert.Equal(t0.AddHours(3), summary.EndUtc);
        Assert.Equal("x", summary.SenderName);
        Assert.Equal(t0, summary.ReceivedUtc);
        Assert.Equal(DateTimeKind.Utc, summary.ReceivedUtc.Kind);
    }

    [Fact]
    public async Task SearchFindsSubjectBodySenderWithScopeFilterAndPaging()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var sent = await WellKnownAsync(store, mailbox, WellKnownFolder.SentItems);
        var a = await CreateAsync(store, mailbox, inbox, Mail("Quarterly report", "alice@example.com", body: "numbers inside"));
        var b = await CreateAsync(store, mailbox, inbox, new NewItem(Mail("Lunch", "bob@example.com", read: true).Properties) { SearchText = "pizza quarterly" });
        var c = await CreateAsync(store, mailbox, sent, Mail("Re: report", "carol@example.com", body: "Crème brûlée"));

        async Task<List<ItemId>> S(string text, FolderId? folder = null, ItemFilter? filter = null) =>
            (await store.SearchAsync(mailbox, new SearchQuery(text) { Folder = folder, Filter = filter })).Items.Select(i => i.Id).OrderBy(i => i.Value).ToList();
        Assert.Equal([a, b], await S("quarterly"));
        Assert.Equal([a], await S("quarterly", filter: new ItemFilter { IsRead = false }));
        Assert.Equal([a, c], await S("report"));
        Assert.Equal([c], await S("report", sent));
        Assert.Equal([b], await S("pizza"));
        Assert.Equal([a], await S("numbers"));
        Assert.Equal([b], await S("bob"));
        Assert.Equal([a], await S("alice@example.com"));
        Assert.Equal([c], await S("creme"));
        Assert.Equal([a, b], await S("quart"));       // prefix match on the last word
        Assert.Equal([a], await S("report numbers"));  // all words must match
        Assert.Empty(await S("nothing-like-this"));

        var page = await store.SearchAsync(mailbox, new SearchQuery("report") { Limit = 1, Offset = 1 });
        Assert.Equal(2, page.TotalCount);
        Assert.Single(page.Items);

        // Kept in sync with updates, moves and deletes.
        await store.UpdateItemAsync(mailbox, a, new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("Annual summary")));
        Assert.Equal([c], await S("report"));
        Assert.Equal([a], await S("annual"));
        Assert.Equal([a], await S("numbers"));
        await store.UpdateItemAsync(mailbox, b, new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("Dinner")));
        Assert.Equal([b], await S("pizza"));          // the stored search text survives a subject change
        await store.MoveItemsAsync(mailbox, [c], inbox);
        Assert.Equal([c], await S("report", inbox));
        Assert.Empty(await S("report", sent));
        await store.DeleteItemsAsync(mailbox, [c]);
        Assert.Empty(await S("report"));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("AND OR NOT")]
    [InlineData("a* (b OR")]
    [InlineData("subject:foo")]
    [InlineData("NEAR(a b)")]
    [InlineData("^x")]
    [InlineData("   ")]
    [InlineData("!!! ??? ---")]
    [InlineData("'; DROP TABLE items; --")]
    [InlineData("{subject body}: x")]
    public async Task SearchNeverThrowsOnMalformedText(string text)
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        await CreateAsync(store, mailbox, inbox, Mail("AND OR NOT subject foo"));
        var page = await store.SearchAsync(mailbox, new SearchQuery(text));
        Assert.True(page.TotalCount >= 0);
        Assert.Equal(1, (await store.ListItemsAsync(mailbox, inbox, new ItemQuery())).TotalCount);
    }

    [Fact]
    public async Task SearchDoesNotCrossMailboxes()
    {
        var (store, mailbox) = await MailboxAsync();
        var other = MailboxId.New();
        await store.CreateMailboxAsync(other);
        await CreateAsync(store, mailbox, await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox), Mail("secret plans"));
        await CreateAsync(store, other, await WellKnownAsync(store, other, WellKnownFolder.Inbox), Mail("other plans"));
        var mine = await store.SearchAsync(mailbox, new SearchQuery("plans"));
        Assert.Equal("secret plans", Assert.Single(mine.Items).Subject);
    }

    [Fact]
    public async Task SearchListsTheNewestArrivalsFirstAndCapsItsCount()
    {
        var (store, mailbox) = await MailboxAsync();
        var inbox = await WellKnownAsync(store, mailbox, WellKnownFolder.Inbox);
        var ids = (await store.CreateItemsAsync(mailbox, inbox,
            Enumerable.Range(0, SearchQuery.TotalCap + 5).Select(i => Mail("weekly digest " + i)).ToList())).Select(r => r.Value).ToList();

        var page = await store.SearchAsync(mailbox, new SearchQuery("digest") { Limit = 3 });
        Assert.Equal(SearchQuery.TotalCap, page.TotalCount);
        Assert.Equal([ids[^1], ids[^2], ids[^3]], page.Items.Select(i => i.Id));

        var later = await CreateAsync(store, mailbox, inbox, Mail("latest digest"));
        Assert.Equal(later, (await store.SearchAsync(mailbox, new SearchQuery("digest") { Limit = 1 })).Items.Single().Id);
        var second = await store.SearchAsync(mailbox, new SearchQuery("digest") { Limit = 2, Offset = 1 });
        Assert.Equal([ids[^1], ids[^2]], second.Items.Select(i => i.Id));
    }
}
