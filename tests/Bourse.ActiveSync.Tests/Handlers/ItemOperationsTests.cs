using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Tests.Handlers;

/// ItemOperations (MS-ASCMD 2.2.1.10) over HTTPS: attachment fetch (whole, ranged, multipart), item fetch, EmptyFolderContents,
/// and the per-operation statuses — never another user's data.
public sealed class ItemOperationsTests : IAsyncLifetime
{
    private const string Domain = EasTestServer.Domain;
    private static readonly byte[] Payload = Enumerable.Range(0, 5000).Select(i => (byte)((i * 31) + 7)).ToArray();

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnAttachmentIsFetchedWholeAsBase64WithItsContentType()
    {
        var reference = await DeliverWithAttachmentAsync("alice");
        using var device = await _server.DeviceAsync();
        var r = await device.SendAsync("ItemOperations", FetchAttachment(reference));
        Assert.Equal("1", r.TopStatus);
        var fetch = r.Root!.Find("ItemOperations:Fetch")!;
        Assert.Equal("1", fetch.Value("ItemOperations:Status"));
        Assert.Equal(reference, fetch.Value("AirSyncBase:FileReference"));
        var properties = fetch.Element("ItemOperations", "Properties")!;
        Assert.Equal("image/png", properties.Value("AirSyncBase:ContentType"));
        Assert.Equal(Payload, Convert.FromBase64String(properties.Value("ItemOperations:Data")!));
        Assert.Null(properties.Value("ItemOperations:Range"));
    }

    [Fact]
    public async Task ARangeSendsOnlyThoseBytesWithTheRangeSentAndTheTotal()
    {
        var reference = await DeliverWithAttachmentAsync("alice");
        using var device = await _server.DeviceAsync();

        var head = (await device.SendAsync("ItemOperations", FetchAttachment(reference, "0-999"))).Root!.Find("ItemOperations:Properties")!;
        Assert.Equal("0-999", head.Value("ItemOperations:Range"));
        Assert.Equal("5000", head.Value("ItemOperations:Total"));
        Assert.Equal(Payload[..1000], Convert.FromBase64String(head.Value("ItemOperations:Data")!));

        // A range past the end is cut at the last byte.
        var tail = (await device.SendAsync("ItemOperations", FetchAttachment(reference, "4000-9999"))).Root!.Find("ItemOperations:Properties")!;
        Assert.Equal("4000-4999", tail.Value("ItemOperations:Range"));
        Assert.Equal(Payload[4000..], Convert.FromBase64String(tail.Value("ItemOperations:Data")!));

        // Starting beyond the end, reversed, or not a range at all: Status 8, no data.
        foreach (var bad in new[] { "5000-5100", "20-10", "abc", "-5", "1-" })
        {
            var fetch = (await device.SendAsync("ItemOperations", FetchAttachment(reference, bad))).Root!.Find("ItemOperations:Fetch")!;
            Assert.Equal("8", fetch.Value("ItemOperations:Status"));
            Assert.Null(fetch.Element("ItemOperations", "Properties"));
        }
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC07_ItemOperations_MultiplePartResponse")]
    public async Task AMultipartAnswerCarriesTheBytesAsPartsAfterTheWbxml()
    {
        var reference = await DeliverWithAttachmentAsync("alice");
        var (inbox, item) = await FirstItemAsync("alice", WellKnownFolder.Inbox);
        using var device = await _server.DeviceAsync();
        var request = Wb.E("ItemOperations:ItemOperations",
            FetchAttachment(reference).Children[0],
            Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSyncBase:FileReference", reference),
                Wb.E("ItemOperations:Options", Wb.E("ItemOperations:Range", "10-19"))),
            FetchItem(inbox, item).Children[0]);

        var (contentType, body) = await SendMultipartAsync(device, request);
        Assert.Equal("application/vnd.ms-sync.multipart", contentType);
        var parts = ReadParts(body);
        Assert.Equal(4, parts.Count);
        var decoded = WbxmlDecoder.Decode(parts[0]);
        Assert.True(decoded.Success);
        var fetches = decoded.Root!.FindAll("ItemOperations:Fetch").ToList();
        Assert.All(fetches, f => Assert.Equal("1", f.Value("ItemOperations:Status")));
        Assert.Empty(decoded.Root!.FindAll("ItemOperations:Data"));

        var whole = fetches[0].Find("ItemOperations:Part")!.Text!;
        Assert.Equal(Payload, parts[int.Parse(whole, CultureInfo.InvariantCulture)]);
        var ranged = fetches[1].Find("ItemOperations:Part")!.Text!;
        Assert.Equal(Payload[10..20], parts[int.Parse(ranged, CultureInfo.InvariantCulture)]);
        Assert.Equal("10-19", fetches[1].Find("ItemOperations:Range")!.Text);
        // The item's body Data became a Part inside airsyncbase:Body.
        var body3 = fetches[2].Find("AirSyncBase:Body")!;
        Assert.Null(body3.Value("AirSyncBase:Data"));
        var bodyPart = body3.Value("ItemOperations:Part")!;
        Assert.Contains("See the picture.", Encoding.UTF8.GetString(parts[int.Parse(bodyPart, CultureInfo.InvariantCulture)]), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC05_ItemOperations_Fetch")]
    public async Task AnItemIsFetchedByCollectionAndServerIdOrByLongId()
    {
        await _server.DeliverAsync("alice", "Agenda", "Item one, item two.");
        var (inbox, item) = await FirstItemAsync("alice", WellKnownFolder.Inbox);
        using var device = await _server.DeviceAsync();

        var r = await device.SendAsync("ItemOperations", FetchItem(inbox, item));
        var fetch = r.Root!.Find("ItemOperations:Fetch")!;
        Assert.Equal("1", fetch.Value("ItemOperations:Status"));
        Assert.Equal(inbox.Value.ToString(CultureInfo.InvariantCulture), fetch.Value("AirSync:CollectionId"));
        Assert.Equal(ServerIds.Format(inbox, item), fetch.Value("AirSync:ServerId"));
        Assert.Equal("Email", fetch.Value("AirSync:Class"));
        var properties = fetch.Element("ItemOperations", "Properties")!;
        Assert.Equal("Agenda", properties.Value("Email:Subject"));
        Assert.Contains("Item one, item two.", properties.Find("AirSyncBase:Data")!.Text, StringComparison.Ordinal);

        var byLongId = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations",
            Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("Search:LongId", ServerIds.Format(inbox, item)))));
        var longFetch = byLongId.Root!.Find("ItemOperations:Fetch")!;
        Assert.Equal("1", longFetch.Value("ItemOperations:Status"));
        Assert.Equal(ServerIds.Format(inbox, item), longFetch.Value("Search:LongId"));
        Assert.Equal("Agenda", longFetch.Find("Email:Subject")!.Text);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC03_ItemOperations_Status9")]
    [Trait("Scenario", "MSASCMD_S08_TC04_ItemOperations_Status6")]
    [Trait("Scenario", "MSASCMD_S08_TC17_ItemOperations_Status15")]
    public async Task UnknownItemsStoresAndAttachmentsGetTheirFetchStatusAndNoProperties()
    {
        await _server.DeliverAsync("alice", "Here");
        var (inbox, item) = await FirstItemAsync("alice", WellKnownFolder.Inbox);
        var drafts = (await _server.Store.GetWellKnownFolderAsync(await MailboxAsync("alice"), WellKnownFolder.Drafts))!.Id;
        using var device = await _server.DeviceAsync();
        var r = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations",
            FetchItem(inbox, new ItemId(777_777)).Children[0],               // no such item: 6
            FetchItem(drafts, item).Children[0],                              // not in that collection: 6
            Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"),
                Wb.E("AirSync:CollectionId", "x"), Wb.E("AirSync:ServerId", "y")), // malformed ids: 6
            Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Document Library"), Wb.E("DocumentLibrary:LinkId", @"\\server\share\a.doc")), // 9
            Wb.E("ItemOperations:Fetch", Wb.E("AirSyncBase:FileReference", "1:0")),  // no Store: 2
            FetchAttachment("not-a-reference").Children[0],                    // 15
            FetchAttachment($"{item.Value}:7").Children[0]));                   // an attachment the item does not have: 15
        Assert.Equal("1", r.TopStatus);
        var fetches = r.Root!.FindAll("ItemOperations:Fetch").ToList();
        Assert.Equal(["6", "6", "6", "9", "2", "15", "15"], fetches.Select(f => f.Value("ItemOperations:Status")));
        Assert.All(fetches, f => Assert.Null(f.Element("ItemOperations", "Properties")));
        Assert.Equal("not-a-reference", fetches[5].Value("AirSyncBase:FileReference"));
    }

    [Fact]
    public async Task AnotherUsersFileReferenceIsRefusedAndNothingOfTheirsIsSent()
    {
        var bobs = await DeliverWithAttachmentAsync("bob");
        var bob = await MailboxAsync("bob");
        Assert.True(FileReferences.TryParse(bobs, out var bobItem, out _));
        // The reference's item counter names nothing in alice's mailbox.
        Assert.Null(await _server.Store.GetItemAsync(await MailboxAsync("alice"), bobItem));
        Assert.NotNull(await _server.Store.GetItemAsync(bob, bobItem));

        using var device = await _server.DeviceAsync();
        var r = await device.SendAsync("ItemOperations", FetchAttachment(bobs));
        var fetch = r.Root!.Find("ItemOperations:Fetch")!;
        Assert.Equal("15", fetch.Value("ItemOperations:Status"));
        Assert.Null(fetch.Element("ItemOperations", "Properties"));
        Assert.DoesNotContain(Convert.ToBase64String(Payload[..30]), r.Root!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyFolderContentsEmptiesDeletedItemsForGoodAndWithDeleteSubFoldersItsFoldersToo()
    {
        var alice = await MailboxAsync("alice");
        var deleted = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.DeletedItems))!.Id;
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        for (var k = 0; k < 3; k++)
            await _server.DeliverAsync("alice", $"Junk {k}");
        var items = (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery())).Items.Select(i => i.Id).ToList();
        Assert.All(await _server.Store.MoveItemsAsync(alice, items, deleted), x => Assert.True(x.IsSuccess));
        var old = (await _server.Store.CreateFolderAsync(alice, deleted, "Old stuff", "IPF.Note")).Value;
        using var device = await _server.DeviceAsync();

        var r = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:EmptyFolderContents",
            Wb.E("AirSync:CollectionId", Id(deleted)), Wb.E("ItemOperations:Options", Wb.E("ItemOperations:DeleteSubFolders")))));
        var empty = r.Root!.Find("ItemOperations:EmptyFolderContents")!;
        Assert.Equal("1", empty.Value("ItemOperations:Status"));
        Assert.Equal(Id(deleted), empty.Value("AirSync:CollectionId"));
        Assert.Equal(0, (await _server.Store.ListItemsAsync(alice, deleted, new ItemQuery())).TotalCount);
        Assert.Null(await _server.Store.GetFolderAsync(alice, old.Id));
        foreach (var id in items)
            Assert.Null(await _server.Store.GetItemAsync(alice, id));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC10_ItemOperations_EmptyFolderContents")]
    public async Task EmptyFolderContentsElsewhereKeepsSubfoldersAndTheItemsRecoverable()
    {
        var alice = await MailboxAsync("alice");
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        await _server.DeliverAsync("alice", "Keep me recoverable");
        var item = (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery())).Items.Single().Id;
        var sub = (await _server.Store.CreateFolderAsync(alice, inbox, "Sub", "IPF.Note")).Value;
        await _server.DeliverAsync("alice", "In the subfolder");
        var subItem = (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery())).Items.Single(i => i.Id != item).Id;
        Assert.True((await _server.Store.MoveItemsAsync(alice, [subItem], sub.Id))[0].IsSuccess);
        using var device = await _server.DeviceAsync();

        var r = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations",
            Wb.E("ItemOperations:EmptyFolderContents", Wb.E("AirSync:CollectionId", Id(inbox))),
            Wb.E("ItemOperations:EmptyFolderContents", Wb.E("AirSync:CollectionId", "999999")),
            Wb.E("ItemOperations:EmptyFolderContents")));
        Assert.Equal(["1", "6", "2"], r.Root!.FindAll("ItemOperations:EmptyFolderContents").Select(e => e.Value("ItemOperations:Status")));
        Assert.Equal(0, (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery())).TotalCount);
        // The item left the Inbox but still exists (soft-deleted into Recoverable Items); the subfolder and its item stay.
        var moved = await _server.Store.GetItemAsync(alice, item);
        Assert.NotNull(moved);
        Assert.NotEqual(inbox, moved.FolderId);
        Assert.Equal(sub.Id, (await _server.Store.GetItemAsync(alice, subItem))!.FolderId);
    }

    [Fact]
    public async Task AConversationMoveIsAnsweredNotPerformedAndAnEmptyRequestIsAProtocolError()
    {
        using var device = await _server.DeviceAsync();
        var r = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations",
            Wb.E("ItemOperations:Move", Wb.E("ItemOperations:ConversationId", new byte[] { 1, 2, 3 }), Wb.E("ItemOperations:DstFldId", "5"))));
        var move = r.Root!.Find("ItemOperations:Move")!;
        Assert.Equal("3", move.Value("ItemOperations:Status"));
        Assert.Equal(new byte[] { 1, 2, 3 }, move.Element("ItemOperations", "ConversationId")!.Opaque);

        var none = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Status", "1")));
        Assert.Equal("2", none.TopStatus);
    }

    private static string Id(FolderId folder) => folder.Value.ToString(CultureInfo.InvariantCulture);

    private static WbxmlElement FetchAttachment(string reference, string? range = null) => Wb.E("ItemOperations:ItemOperations",
        Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSyncBase:FileReference", reference),
            range is null ? null : Wb.E("ItemOperations:Options", Wb.E("ItemOperations:Range", range))));

    private static WbxmlElement FetchItem(FolderId folder, ItemId item) => Wb.E("ItemOperations:ItemOperations",
        Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSync:CollectionId", Id(folder)),
            Wb.E("AirSync:ServerId", ServerIds.Format(folder, item)),
            Wb.E("ItemOperations:Options", Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1")))));

    private async Task<MailboxId> MailboxAsync(string user) => (await _server.UserAsync(user)).MailboxId;

    private async Task<(FolderId Folder, ItemId Item)> FirstItemAsync(string user, WellKnownFolder wellKnown)
    {
        var mailbox = await MailboxAsync(user);
        var folder = (await _server.Store.GetWellKnownFolderAsync(mailbox, wellKnown))!.Id;
        return (folder, (await _server.Store.ListItemsAsync(mailbox, folder, new ItemQuery())).Items[0].Id);
    }

    /// Delivers a message with a PNG attachment to the user and returns the attachment's FileReference.
    private async Task<string> DeliverWithAttachmentAsync(string user)
    {
        var b64 = Convert.ToBase64String(Payload, Base64FormattingOptions.InsertLineBreaks);
        var mime = $"From: Carol <carol@example.com>\r\nTo: {user}@{Domain}\r\nSubject: Photo\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\n" +
                   "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n" +
                   "--zz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the picture.\r\n" +
                   $"--zz\r\nContent-Type: image/png; name=\"p.png\"\r\nContent-Disposition: attachment; filename=\"p.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--zz--\r\n";
        Assert.True((await _server.Delivery.DeliverAsync($"{user}@{Domain}", Encoding.UTF8.GetBytes(mime))).IsDelivered);
        var mailbox = await MailboxAsync(user);
        var (_, itemId) = await FirstItemAsync(user, WellKnownFolder.Inbox);
        var item = (await _server.Store.GetItemAsync(mailbox, itemId))!;
        return FileReferences.Format(item.Id, Assert.Single(item.Attachments).Number);
    }

    /// Posts an ItemOperations request with MS-ASAcceptMultiPart: T (MS-ASHTTP 2.2.1.1.2.5).
    private static async Task<(string? ContentType, byte[] Body)> SendMultipartAsync(EasDevice device, WbxmlElement body)
    {
        var url = $"/Microsoft-Server-ActiveSync?Cmd=ItemOperations&User=alice&DeviceId={device.DeviceId}&DeviceType=SmartPhone";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(WbxmlEncoder.Encode(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-sync.wbxml");
        request.Headers.Add("MS-ASProtocolVersion", device.Version);
        request.Headers.Add("X-MS-PolicyKey", device.PolicyKey);
        request.Headers.Add("MS-ASAcceptMultiPart", "T");
        using var response = await device.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }

    /// MS-ASCMD 2.2.1.10.1.1: PartsCount, (Offset, Length) per part, then the parts; checks every part lies inside the body.
    private static List<byte[]> ReadParts(byte[] body)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(body);
        var parts = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var offset = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4 + (8 * i)));
            var length = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(8 + (8 * i)));
            Assert.InRange(offset, 4 + (8 * count), body.Length);
            Assert.InRange(offset + length, offset, body.Length);
            parts.Add(body.AsSpan(offset, length).ToArray());
        }

        return parts;
    }
}
