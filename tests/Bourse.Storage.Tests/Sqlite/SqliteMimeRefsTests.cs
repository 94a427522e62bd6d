using System.Text;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;
using Bourse.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Tests.Sqlite;

/// <summary>
/// Properties the MIME holds verbatim (body, transport headers) are stored once, in the MIME, and come back exactly through
/// every read and write path; anything that is not verbatim stays in the bag. Schema version 1 databases upgrade in place.
/// </summary>
public sealed class SqliteMimeRefsTests : IAsyncLifetime
{
    private readonly string _dir = TempDirectory.Create();
    private readonly List<SqliteMailStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _stores)
            await s.DisposeAsync();
        TempDirectory.Delete(_dir);
    }

    private async Task<SqliteMailStore> OpenAsync(int inlineThreshold = 256 * 1024)
    {
        var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = _dir, InlineBlobThresholdBytes = inlineThreshold });
        _stores.Add(store);
        return store;
    }

    private async Task CloseAsync(SqliteMailStore store)
    {
        _stores.Remove(store);
        await store.DisposeAsync();
    }

    private static async Task<(MailboxId, FolderId)> MailboxAsync(IMailStore store)
    {
        var m = MailboxId.New();
        Assert.True((await store.CreateMailboxAsync(m)).IsSuccess);
        return (m, (await store.GetWellKnownFolderAsync(m, WellKnownFolder.Inbox))!.Id);
    }

    private SqliteConnection Raw()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "store", "mailstore.db"), Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private object? Scalar(string sql)
    {
        using var c = Raw();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private const string Headers = "Received: from mx.example.com (mx.example.com [192.0.2.1]) by bourse.test with ESMTPS id 4f2a; Fri, 27 Nov 2026 04:00:00 +0000\r\n" +
        "From: Zoë <zoe@example.com>\r\nTo: a@example.com\r\nSubject: Grüße\r\nMessage-ID: <mime-refs@example.com>\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n";

    /// <summary>A plain 8-bit message whose body (non-ASCII included) is the MIME's last bytes, as MIME mapping gives it.</summary>
    private static (byte[] Mime, string Body, string HeaderText) Message(string marker, int bodyChars = 4000)
    {
        var sb = new StringBuilder();
        sb.Append("Hello ").Append(marker).Append(", café 日本語 naïve.\r\n");
        var i = 0;
        while (sb.Length < bodyChars)
            sb.Append("line ").Append(i++).Append(" of the quarterly report, façade and smörgåsbord\r\n");
        var body = sb.ToString();
        return (Encoding.UTF8.GetBytes(Headers + "\r\n" + body), body, Headers);
    }

    private static NewItem Item(byte[] mime, string body, string? headers, string subject = "Grüße") => new(new PropertyBag()
        .Set(PropTags.Subject, subject)
        .Set(PropTags.Body, body)
        .Set(PropTags.TransportMessageHeaders, headers ?? "X: y\r\n"))
    {
        Mime = mime,
    };

    private static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var ms = new MemoryStream();
            await stream.CopyToAsync(ms);
            return ms.ToArray();
        }
    }

    private static async Task AssertSizesAddUpAsync(IMailStore store, MailboxId mailbox, params ItemId[] items)
    {
        long total = 0;
        foreach (var id in items)
        {
            var item = (await store.GetItemAsync(mailbox, id))!;
            Assert.Equal((int)item.Size, item.Properties.GetInt32(PropTags.MessageSize));
            total += item.Size;
        }
        Assert.Equal(total, (await store.GetMailboxAsync(mailbox))!.UsedBytes);
    }

    [Fact]
    public async Task ABodyTheMimeHoldsVerbatimIsStoredOnceAndReadBackExactly()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var (mime, body, headers) = Message("zanzibar");
        var created = await store.CreateItemAsync(m, inbox, Item(mime, body, headers));
        Assert.True(created.IsSuccess);
        Assert.Equal(body, created.Value.Properties.GetString(PropTags.Body));

        // Stored once: the bag row is far smaller than the body, and the row says where body and headers lie in the MIME.
        Assert.True((long)Scalar("SELECT length(props) FROM items")! < Encoding.UTF8.GetByteCount(body) / 4);
        var refs = (byte[])Scalar("SELECT mime_refs FROM items")!;
        Assert.Equal((mime.Length - Encoding.UTF8.GetByteCount(body), Encoding.UTF8.GetByteCount(body)), MimeRefs.RangeOf(refs, PropTags.Body));
        Assert.NotNull(MimeRefs.RangeOf(refs, PropTags.TransportMessageHeaders));

        var got = (await store.GetItemAsync(m, created.Value.Id))!;
        Assert.Equal(body, got.Properties.GetString(PropTags.Body));
        Assert.Equal(headers, got.Properties.GetString(PropTags.TransportMessageHeaders));
        Assert.Equal("Grüße", got.Subject);
        Assert.Equal(mime, await ReadAllAsync(await store.OpenMimeAsync(m, created.Value.Id)));
        // The size counts the body as if it were in the bag, as before: PidTagMessageSize does not depend on where it lies.
        Assert.Equal(PropertyBagSerializer.GetSerializedLength(got.Properties) + mime.Length, got.Size);
        await AssertSizesAddUpAsync(store, m, created.Value.Id);

        // The indexer reads the body from the MIME: a word only the body has is found, a non-ASCII one too.
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("zanzibar"))).TotalCount);
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("smörgåsbord"))).TotalCount);
        Assert.Equal(0, (await store.SearchAsync(m, new SearchQuery("kilimanjaro"))).TotalCount);
    }

    [Fact]
    public async Task ABodyGivenAsTheMimesOwnBytesIsReferencedWhereItLies()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var (mime, body, headers) = Message("serengeti");
        var bodyBytes = Encoding.UTF8.GetByteCount(body);
        // As MIME mapping gives a plain 8-bit body: the bytes of the message itself, not a decoded string.
        var item = new NewItem(new PropertyBag()
            .Set(PropTags.Subject, "Grüße")
            .Set(PropTags.Body, PropertyValue.Utf8(mime.AsMemory(mime.Length - bodyBytes)))
            .Set(PropTags.TransportMessageHeaders, headers)) { Mime = mime };
        var created = await store.CreateItemAsync(m, inbox, item);
        Assert.True(created.IsSuccess);

        var refs = (byte[])Scalar("SELECT mime_refs FROM items")!;
        Assert.Equal((mime.Length - bodyBytes, bodyBytes), MimeRefs.RangeOf(refs, PropTags.Body));
        Assert.True((long)Scalar("SELECT length(props) FROM items")! < bodyBytes / 4);
        Assert.Equal(body, (await store.GetItemAsync(m, created.Value.Id))!.Properties.GetString(PropTags.Body));
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("serengeti"))).TotalCount);

        // The same text as bytes that are not the MIME's (a copy) is found in the MIME like a string is; bytes the MIME
        // does not hold stay in the bag.
        var (mime2, body2, _) = Message("kalahari");
        var copy = PropertyValue.Utf8(Encoding.UTF8.GetBytes(body2));
        var elsewhere = PropertyValue.Utf8(Encoding.UTF8.GetBytes(body2.Replace("kalahari", "namib", StringComparison.Ordinal)));
        var a = (await store.CreateItemAsync(m, inbox, new NewItem(new PropertyBag().Set(PropTags.Body, copy)) { Mime = mime2 })).Value.Id;
        var b = (await store.CreateItemAsync(m, inbox, new NewItem(new PropertyBag().Set(PropTags.Body, elsewhere)) { Mime = mime2 })).Value.Id;
        Assert.NotNull(Scalar("SELECT mime_refs FROM items WHERE id = " + a.Value) as byte[]);
        Assert.Equal(body2, (await store.GetItemAsync(m, a))!.Properties.GetString(PropTags.Body));
        Assert.Equal(elsewhere.AsString(), (await store.GetItemAsync(m, b))!.Properties.GetString(PropTags.Body));
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("namib"))).TotalCount);
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("kalahari"))).TotalCount);
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(1024)]
    public async Task TheIndexTakesAHugeBodyUpToItsLimitAndCutsOnlyBetweenCharacters(int inlineThreshold)
    {
        var store = await OpenAsync(inlineThreshold);
        var (m, inbox) = await MailboxAsync(store);
        // "é" is two bytes and straddles the 256 KiB cut, so the cut must drop it rather than index half a character.
        var limit = SqliteSearchIndexer.MaxIndexedBodyChars;
        var body = "quagga " + new string('a', limit - 9) + " é okapi\r\n";
        Assert.Equal(limit - 1, Encoding.UTF8.GetByteCount(body[..body.IndexOf('é', StringComparison.Ordinal)]));
        var mime = Encoding.UTF8.GetBytes(Headers + "\r\n" + body);
        var id = (await store.CreateItemAsync(m, inbox, Item(mime, body, Headers))).Value.Id;
        Assert.NotNull(MimeRefs.RangeOf((byte[])Scalar("SELECT mime_refs FROM items")!, PropTags.Body));

        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("quagga"))).TotalCount);
        Assert.Equal(0, (await store.SearchAsync(m, new SearchQuery("okapi"))).TotalCount);
        Assert.Equal(body, (await store.GetItemAsync(m, id))!.Properties.GetString(PropTags.Body));
    }

    [Fact]
    public async Task EveryItemOfALargeBatchIsIndexed()
    {
        // More queue entries than one read of the indexer takes (256): the reads continue where the last one stopped.
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var items = Enumerable.Range(0, 600).Select(i =>
        {
            var (mime, body, headers) = Message("unique" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), bodyChars: 600);
            return Item(mime, body, headers);
        }).ToList();
        Assert.All(await store.CreateItemsAsync(m, inbox, items), r => Assert.True(r.IsSuccess));
        foreach (var i in new[] { 0, 1, 255, 256, 257, 511, 512, 599 })
            Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("unique" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)))).TotalCount);
    }

    [Fact]
    public async Task TheSearchIndexIsTunedForMailText()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        await store.CreateItemAsync(m, inbox, Item(Message("tuned").Mime, Message("tuned").Body, Headers));
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("tuned"))).TotalCount);
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "store", "search.db"), Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT k, v FROM items_fts_config WHERE k IN ('hashsize', 'automerge') ORDER BY k";
        using var r = cmd.ExecuteReader();
        var config = new Dictionary<string, long>();
        while (r.Read())
            config[r.GetString(0)] = r.GetInt64(1);
        Assert.Equal(16, config["automerge"]);
        Assert.Equal(32L * 1024 * 1024, config["hashsize"]);
    }

    [Fact]
    public async Task AHugeSearchTextIsIndexedUpToTheLimit()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var text = "zebu " + new string('b', SqliteSearchIndexer.MaxIndexedBodyChars) + " gnu";
        await store.CreateItemAsync(m, inbox, new NewItem(new PropertyBag().Set(PropTags.Subject, "s")) { SearchText = text });
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("zebu"))).TotalCount);
        Assert.Equal(0, (await store.SearchAsync(m, new SearchQuery("gnu"))).TotalCount);
    }

    [Fact]
    public async Task ValuesNotVerbatimInTheMimeStayInTheBag()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var (mime, body, _) = Message("lf");
        // The mapper's body has CRLF line ends; a message that arrived with bare LF does not hold it verbatim.
        var lfMime = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(mime).Replace("\r\n", "\n", StringComparison.Ordinal));
        var lf = await store.CreateItemAsync(m, inbox, Item(lfMime, body, null));
        // A lone surrogate cannot survive UTF-8: its replacement bytes in the MIME must not stand for it.
        var odd = body[..100] + "\uD800" + body[101..];
        var oddMime = Encoding.UTF8.GetBytes(Headers + "\r\n" + odd);
        var surrogate = await store.CreateItemAsync(m, inbox, Item(oddMime, odd, null));

        Assert.Equal(0L, (long)Scalar("SELECT count(*) FROM items WHERE mime_refs IS NOT NULL")!);
        Assert.Equal(body, (await store.GetItemAsync(m, lf.Value.Id))!.Properties.GetString(PropTags.Body));
        // Stored in the bag, the string goes through UTF-8 like every bag string.
        Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(odd)), (await store.GetItemAsync(m, surrogate.Value.Id))!.Properties.GetString(PropTags.Body));
    }

    [Fact]
    public async Task EveryWritePathKeepsTheBodyAndTheSizesAddUp()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var archive = (await store.CreateFolderAsync(m, inbox, "Archive", null)).Value.Id;
        var (mime, body, headers) = Message("moved");
        var id = (await store.CreateItemAsync(m, inbox, Item(mime, body, headers))).Value.Id;

        Assert.True((await store.SetReadAsync(m, [id], true))[0].IsSuccess);
        Assert.True((await store.SetFlagAsync(m, id, FlagStatus.Flagged)).IsSuccess);
        Assert.True((await store.MoveItemsAsync(m, [id], archive))[0].IsSuccess);
        var subjectOnly = await store.UpdateItemAsync(m, id, new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("renamed")));
        Assert.Equal(body, subjectOnly.Value.Properties.GetString(PropTags.Body));
        var copy = (await store.CopyItemsAsync(m, [id], inbox))[0].Value;
        Assert.NotNull(Scalar("SELECT mime_refs FROM items WHERE id = " + id.Value));

        var got = (await store.GetItemAsync(m, id))!;
        Assert.Equal(body, got.Properties.GetString(PropTags.Body));
        Assert.Equal(headers, got.Properties.GetString(PropTags.TransportMessageHeaders));
        Assert.Equal("renamed", got.Subject);
        Assert.True(got.IsRead);
        await AssertSizesAddUpAsync(store, m, id, copy);

        // The copy shares the MIME; deleting the original leaves the copy whole.
        Assert.True((await store.DeleteItemsAsync(m, [id]))[0].IsSuccess);
        var c = (await store.GetItemAsync(m, copy))!;
        Assert.Equal(body, c.Properties.GetString(PropTags.Body));
        Assert.Equal(mime, await ReadAllAsync(await store.OpenMimeAsync(m, copy)));
        await AssertSizesAddUpAsync(store, m, copy);
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("moved"))).TotalCount);
    }

    [Fact]
    public async Task ChangingOrRemovingAReferencedPropertyStoresTheNewValueAndNeverBringsTheOldBack()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var (mime, body, headers) = Message("original");
        var a = (await store.CreateItemAsync(m, inbox, Item(mime, body, headers))).Value.Id;
        var b = (await store.CreateItemAsync(m, inbox, Item(mime, body, headers))).Value.Id;

        var changed = await store.UpdateItemAsync(m, a, new PropertyChanges().With(PropTags.Body, PropertyValue.Unicode("a rewritten draft")));
        Assert.Equal("a rewritten draft", changed.Value.Properties.GetString(PropTags.Body));
        Assert.Equal(headers, changed.Value.Properties.GetString(PropTags.TransportMessageHeaders));
        Assert.True(changed.Value.HasMime);

        var removed = await store.UpdateItemAsync(m, b, new PropertyChanges().Without(PropTags.Body));
        Assert.Null(removed.Value.Properties.GetString(PropTags.Body));
        Assert.Null((await store.GetItemAsync(m, b))!.Properties.GetString(PropTags.Body));
        Assert.Equal(headers, (await store.GetItemAsync(m, b))!.Properties.GetString(PropTags.TransportMessageHeaders));
        await AssertSizesAddUpAsync(store, m, a, b);

        Assert.Equal(0, (await store.SearchAsync(m, new SearchQuery("original"))).TotalCount);
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("rewritten"))).TotalCount);
    }

    [Fact]
    public async Task AnUpdateThatReleasesTheMimeKeepsTheBodyInTheBag()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var (mime, body, headers) = Message("released");
        var id = (await store.CreateItemAsync(m, inbox, Item(mime, body, headers))).Value.Id;

        var update = new ItemUpdate { AddAttachments = [new NewAttachment(new PropertyBag().Set(PropTags.AttachLongFilename, "a.txt"), "hi"u8.ToArray())] };
        var r = await store.UpdateItemAsync(m, id, update);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.False(r.Value.HasMime);
        Assert.Equal(body, r.Value.Properties.GetString(PropTags.Body));
        Assert.IsType<DBNull>(Scalar("SELECT mime_refs FROM items"));
        Assert.Equal(body, (await store.GetItemAsync(m, id))!.Properties.GetString(PropTags.Body));
        await AssertSizesAddUpAsync(store, m, id);
    }

    [Fact]
    public async Task ABodyInABlobFileIsReadFromItsRange()
    {
        var store = await OpenAsync(inlineThreshold: 1024);
        var (m, inbox) = await MailboxAsync(store);
        var (mime, body, headers) = Message("okavango", bodyChars: 20_000);
        var id = (await store.CreateItemAsync(m, inbox, Item(mime, body, headers))).Value.Id;
        Assert.Equal(1L, (long)Scalar("SELECT count(*) FROM blobs WHERE path IS NOT NULL")!);

        Assert.Equal(body, (await store.GetItemAsync(m, id))!.Properties.GetString(PropTags.Body));
        Assert.Equal(1, (await store.SearchAsync(m, new SearchQuery("okavango"))).TotalCount);
        await CloseAsync(store);

        store = await OpenAsync(inlineThreshold: 1024);
        Assert.Equal(headers, (await store.GetItemAsync(m, id))!.Properties.GetString(PropTags.TransportMessageHeaders));
    }

    [Fact]
    public async Task AVersion1DatabaseIsUpgradedInPlace()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var (mime, body, _) = Message("legacy");
        // As version 1 stored every item: the whole bag, body included, beside the MIME.
        var old = (await store.CreateItemAsync(m, inbox, new NewItem(new PropertyBag().Set(PropTags.Subject, "old").Set(PropTags.Body, body)))).Value.Id;
        await CloseAsync(store);
        using (var c = Raw())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = """
                DROP INDEX items_f_flagged; DROP INDEX items_f_timed; ALTER TABLE items DROP COLUMN mime_refs;
                CREATE INDEX items_f_importance ON items(mbx, folder, importance, id);
                CREATE INDEX items_f_flag ON items(mbx, folder, flag_status, id);
                CREATE INDEX items_f_start ON items(mbx, folder, start_time, id);
                PRAGMA user_version = 1;
                """;
            cmd.ExecuteNonQuery();
        }

        store = await OpenAsync();
        Assert.Equal(2L, (long)Scalar("PRAGMA user_version")!);
        Assert.Equal(0L, (long)Scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('items_f_importance', 'items_f_flag', 'items_f_start')")!);
        Assert.Equal(2L, (long)Scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('items_f_flagged', 'items_f_timed')")!);
        Assert.Equal(body, (await store.GetItemAsync(m, old))!.Properties.GetString(PropTags.Body));
        Assert.True((await store.SetReadAsync(m, [old], true))[0].IsSuccess);
        Assert.Equal(body, (await store.GetItemAsync(m, old))!.Properties.GetString(PropTags.Body));
        var fresh = (await store.CreateItemAsync(m, inbox, Item(mime, body, null))).Value.Id;
        Assert.Equal(body, (await store.GetItemAsync(m, fresh))!.Properties.GetString(PropTags.Body));
        Assert.Equal(2, (await store.SearchAsync(m, new SearchQuery("legacy"))).TotalCount);

        // A newer schema than this build is refused, not opened.
        await CloseAsync(store);
        using (var c = Raw())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA user_version = 3;";
            cmd.ExecuteNonQuery();
        }
        await Assert.ThrowsAsync<NotSupportedException>(async () => await OpenAsync());
    }

    [Fact]
    public async Task FlagFiltersAndCalendarRangesReadTheirPartialIndexes()
    {
        var store = await OpenAsync();
        var (m, inbox) = await MailboxAsync(store);
        var start = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        var meeting = new PropertyBag().Set(PropTags.Subject, "standup").Set(PropTags.MessageClass, "IPM.Appointment");
        meeting.Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(start));
        meeting.Set(NamedProps.AppointmentEndWhole, PropertyValue.SysTime(start.AddHours(1)));
        var appointment = (await store.CreateItemAsync(m, inbox, new NewItem(meeting))).Value.Id;
        var plain = (await store.CreateItemAsync(m, inbox, new NewItem(new PropertyBag().Set(PropTags.Subject, "plain")))).Value.Id;
        var flagged = (await store.CreateItemAsync(m, inbox, new NewItem(new PropertyBag().Set(PropTags.Subject, "flagged")))).Value.Id;
        Assert.True((await store.SetFlagAsync(m, flagged, FlagStatus.Flagged)).IsSuccess);

        var inRange = await store.ListItemsAsync(m, inbox, new ItemQuery { Filter = new ItemFilter { RangeStartUtc = start.AddMinutes(30), RangeEndUtc = start.AddDays(1) } });
        Assert.Equal([appointment], inRange.Items.Select(i => i.Id));
        var onlyFlagged = await store.ListItemsAsync(m, inbox, new ItemQuery { Filter = new ItemFilter { FlagStatus = FlagStatus.Flagged } });
        Assert.Equal([flagged], onlyFlagged.Items.Select(i => i.Id));
        var notFlagged = await store.ListItemsAsync(m, inbox, new ItemQuery { Filter = new ItemFilter { FlagStatus = FlagStatus.NotFlagged } });
        Assert.Equal(new[] { appointment, plain }.ToHashSet(), notFlagged.Items.Select(i => i.Id).ToHashSet());
        var byStart = await store.ListItemsAsync(m, inbox, new ItemQuery { SortBy = ItemSortField.StartTime, Descending = true });
        Assert.Equal(3, byStart.Items.Count);
        Assert.Equal(appointment, byStart.Items[0].Id);

        // Mail without a start time or a flag writes no entry in those indexes, and the queries above read them.
        Assert.Equal(1L, (long)Scalar("SELECT count(*) FROM items INDEXED BY items_f_timed WHERE start_time IS NOT NULL")!);
        Assert.Equal(1L, (long)Scalar("SELECT count(*) FROM items INDEXED BY items_f_flagged WHERE flag_status <> 0")!);
        // A calendar view (range filter, by start time) is an index range in start order: no sort.
        var calendar = Plan("SELECT i.id FROM items i WHERE i.mbx = 1 AND i.folder = 2 AND i.start_time < 5 AND " +
            "MAX(COALESCE(i.end_time, i.start_time), i.start_time + 1) > 3 ORDER BY i.start_time ASC, i.id ASC LIMIT 500");
        Assert.Contains("items_f_timed", calendar, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", calendar, StringComparison.Ordinal);
        Assert.Contains("items_f_flagged", Plan("SELECT i.id FROM items i WHERE i.mbx = 1 AND i.folder = 2 AND i.flag_status = 2 AND i.flag_status <> 0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingAMailboxRemovesTheBlobsItsItemsAndAttachmentsReferenceAndNoOthers()
    {
        var store = await OpenAsync(inlineThreshold: 4096);
        var (a, inboxA) = await MailboxAsync(store);
        var (b, inboxB) = await MailboxAsync(store);
        async Task<ItemId> FillAsync(MailboxId m, FolderId inbox, string marker)
        {
            var (small, body, headers) = Message(marker, bodyChars: 1000);
            var (large, largeBody, _) = Message(marker, bodyChars: 9000);
            var item = Item(large, largeBody, headers);
            item.Attachments.Add(new NewAttachment(new PropertyBag().Set(PropTags.AttachLongFilename, "big.bin"), new byte[6000]));
            item.Attachments.Add(new NewAttachment(new PropertyBag().Set(PropTags.AttachLongFilename, "small.bin"), new byte[100]));
            var id = (await store.CreateItemAsync(m, inbox, item)).Value.Id;
            Assert.True((await store.CopyItemsAsync(m, [id], inbox))[0].IsSuccess);
            return (await store.CreateItemAsync(m, inbox, Item(small, body, headers))).Value.Id;
        }
        await FillAsync(a, inboxA, "alpha");
        var kept = await FillAsync(b, inboxB, "bravo");
        var files = Directory.GetFiles(Path.Combine(_dir, "store", "blobs"), "*.blob", SearchOption.AllDirectories);
        Assert.Equal(4, files.Length);
        Assert.Equal(8L, (long)Scalar("SELECT count(*) FROM blobs")!);

        Assert.True(await store.DeleteMailboxAsync(a));
        Assert.Equal(4L, (long)Scalar("SELECT count(*) FROM blobs")!);
        Assert.Equal(0L, (long)Scalar("SELECT count(*) FROM blobs WHERE mbx = 1")!);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_dir, "store", "blobs"), "*.blob", SearchOption.AllDirectories).Length);
        var got = (await store.GetItemAsync(b, kept))!;
        Assert.Contains("bravo", got.Properties.GetString(PropTags.Body), StringComparison.Ordinal);
    }

    private string Plan(string sql)
    {
        using var c = Raw();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new StringBuilder();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            plan.AppendLine(r.GetString(3));
        return plan.ToString();
    }

    [Fact]
    public void ReferencesAreOnlyMadeForExactRangesAndDamagedOnesAreSkipped()
    {
        var (mime, body, headers) = Message("unit");
        var bag = new PropertyBag().Set(PropTags.Body, body).Set(PropTags.TransportMessageHeaders, headers).Set(PropTags.Subject, "s")
            .Set(PropTags.Html, Encoding.UTF8.GetBytes("<p>not in the mime at all, long enough to be worth a reference" + new string('.', 300) + "</p>"));
        var (refs, taken) = MimeRefs.Extract(bag, mime);
        Assert.NotNull(refs);
        var stored = bag.Clone();
        Assert.False(stored.Contains(PropTags.Body));
        Assert.False(stored.Contains(PropTags.TransportMessageHeaders));
        Assert.True(stored.Contains(PropTags.Html));
        var back = stored.Clone();
        MimeRefs.Restore(back, refs, mime);
        Assert.Equal(body, back.GetString(PropTags.Body));
        Assert.Equal(headers, back.GetString(PropTags.TransportMessageHeaders));
        MimeRefs.PutBack(bag, taken);
        Assert.Equal(body, bag.GetString(PropTags.Body));

        // Short values are not worth a reference; a MIME that lost its tail cannot restore what lay there.
        var shortBody = new PropertyBag().Set(PropTags.Body, "short");
        Assert.Null(MimeRefs.Extract(shortBody, Encoding.UTF8.GetBytes(Headers + "\r\nshort" + new string(' ', 400))).Refs);
        Assert.Equal("short", shortBody.GetString(PropTags.Body));
        var truncated = stored.Clone();
        MimeRefs.Restore(truncated, refs, mime.AsSpan(0, mime.Length - 10));
        Assert.Null(truncated.GetString(PropTags.Body));
        MimeRefs.Restore(truncated, [200, 1, 2, 3], mime);
        Assert.Null(MimeRefs.Without(refs, _ => true));
        Assert.Null(MimeRefs.RangeOf(MimeRefs.Without(refs, k => k == PropTags.Body), PropTags.Body));
    }
}
