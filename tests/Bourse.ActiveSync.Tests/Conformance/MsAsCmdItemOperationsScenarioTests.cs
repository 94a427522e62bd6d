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

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The ItemOperations (S08) and MoveItems (S10) scenarios of Microsoft's MS-ASCMD test suite, replayed over HTTPS with the
/// request each sends and the statuses it expects.
/// </summary>
public sealed class MsAsCmdItemOperationsScenarioTests : IAsyncLifetime
{
    private const string Domain = EasTestServer.Domain;

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<MailboxId> AliceAsync() => (await _server.UserAsync("alice")).MailboxId;

    /// Delivers a message to alice's Inbox and returns the Inbox's ServerId and the item's ServerId.
    private async Task<(string CollectionId, string ServerId)> DeliverAsync(string subject)
    {
        await _server.DeliverAsync("alice", subject, "The body of " + subject + ".");
        var alice = await AliceAsync();
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        var items = (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery { Limit = 500 })).Items;
        foreach (var summary in items)
        {
            if ((await _server.Store.GetItemAsync(alice, summary.Id))!.Subject == subject)
                return (inbox.Value.ToString(CultureInfo.InvariantCulture), ServerIds.Format(inbox, summary.Id));
        }

        throw new InvalidOperationException(subject);
    }

    private static WbxmlElement FetchItem(string collectionId, string serverId, string store = "Mailbox", params WbxmlElement[] options) =>
        Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", store),
            Wb.E("AirSync:CollectionId", collectionId), Wb.E("AirSync:ServerId", serverId),
            options.Length == 0 ? null : Wb.E("ItemOperations:Options", options)));

    private static WbxmlElement Fetch(EasResponse r) => r.Root!.Find("ItemOperations:Fetch")!;

    private static WbxmlElement Move(string srcMsgId, string src, string dst) => Wb.E("Move:Move",
        Wb.E("Move:SrcMsgId", srcMsgId), Wb.E("Move:SrcFldId", src), Wb.E("Move:DstFldId", dst));

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC01_ItemOperations_DeleteSubFolders")]
    public async Task EmptyingTheInboxKeepsItsSubfolderUnlessDeleteSubFoldersIsSent()
    {
        using var device = await _server.DeviceAsync();
        var sync = await device.FolderSyncAsync();
        var inbox = sync.Root!.FindAll("FolderHierarchy:Add").First(a => a.Value("FolderHierarchy:Type") == "2").Value("FolderHierarchy:ServerId")!;
        var created = await device.SendAsync("FolderCreate", Wb.E("FolderHierarchy:FolderCreate",
            Wb.E("FolderHierarchy:SyncKey", sync.Root!.Value("FolderHierarchy:SyncKey")), Wb.E("FolderHierarchy:ParentId", inbox),
            Wb.E("FolderHierarchy:DisplayName", "subfolder"), Wb.E("FolderHierarchy:Type", "12")));
        Assert.Equal("1", created.TopStatus);

        bool SubfolderUnderInbox(EasResponse folders) => folders.Root!.FindAll("FolderHierarchy:Add")
            .Any(a => a.Value("FolderHierarchy:DisplayName") == "subfolder" && a.Value("FolderHierarchy:ParentId") == inbox);

        var plain = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations",
            Wb.E("ItemOperations:EmptyFolderContents", Wb.E("AirSync:CollectionId", inbox))));
        Assert.Equal("1", plain.TopStatus);
        Assert.True(SubfolderUnderInbox(await device.FolderSyncAsync()));

        var withSubfolders = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations",
            Wb.E("ItemOperations:EmptyFolderContents", Wb.E("AirSync:CollectionId", inbox),
                Wb.E("ItemOperations:Options", Wb.E("ItemOperations:DeleteSubFolders")))));
        Assert.Equal("1", withSubfolders.TopStatus);
        Assert.False(SubfolderUnderInbox(await device.FolderSyncAsync()));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC02_ItemOperations_Status2")]
    public async Task ARangeOnAMailboxItemFetchIsAProtocolError()
    {
        using var device = await _server.DeviceAsync();
        var (inbox, _) = await DeliverAsync("Ranged item");
        var r = await device.SendAsync("ItemOperations", FetchItem(inbox, "", "Mailbox", Wb.E("ItemOperations:Range", "")));
        Assert.Equal("2", r.TopStatus);
        Assert.Null(r.Root!.Find("ItemOperations:Fetch"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC03_ItemOperations_Status9")]
    public async Task AnUnknownStoreIsFetchStatus9()
    {
        using var device = await _server.DeviceAsync();
        var (inbox, serverId) = await DeliverAsync("Unknown store");
        var r = await device.SendAsync("ItemOperations", FetchItem(inbox, serverId, "InvalidStore"));
        Assert.Equal("9", Fetch(r).Value("ItemOperations:Status"));
        Assert.Null(Fetch(r).Element("ItemOperations", "Properties"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC04_ItemOperations_Status6")]
    public async Task AServerIdThatNamesNoItemIsFetchStatus6()
    {
        using var device = await _server.DeviceAsync();
        var (inbox, _) = await DeliverAsync("Present");
        var r = await device.SendAsync("ItemOperations", FetchItem(inbox, "InvalidServerID"));
        Assert.Equal("6", Fetch(r).Value("ItemOperations:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC05_ItemOperations_Fetch")]
    public async Task AFetchedItemComesWithStatus1AndItsProperties()
    {
        using var device = await _server.DeviceAsync();
        var (inbox, serverId) = await DeliverAsync("Fetch me");
        var fetch = Fetch(await device.SendAsync("ItemOperations", FetchItem(inbox, serverId)));
        Assert.Equal("1", fetch.Value("ItemOperations:Status"));
        var properties = fetch.Element("ItemOperations", "Properties");
        Assert.NotNull(properties);
        Assert.Equal("Fetch me", properties.Value("Email:Subject"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC07_ItemOperations_MultiplePartResponse")]
    public async Task AnItemFetchedAsMultipartListsItsPartsAndPutsTheBodyInOne()
    {
        using var device = await _server.DeviceAsync();
        var (inbox, serverId) = await DeliverAsync("Multipart item");
        var url = $"/Microsoft-Server-ActiveSync?Cmd=ItemOperations&User=alice&DeviceId={device.DeviceId}&DeviceType=SmartPhone";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(WbxmlEncoder.Encode(FetchItem(inbox, serverId, "Mailbox",
                Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1"))))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-sync.wbxml");
        request.Headers.Add("MS-ASProtocolVersion", device.Version);
        request.Headers.Add("X-MS-PolicyKey", device.PolicyKey);
        request.Headers.Add("MS-ASAcceptMultiPart", "T");
        using var response = await device.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.ms-sync.multipart", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();

        // MS-ASCMD 2.2.2.10.1: PartsCount, then an (Offset, Count) pair per part, then the parts.
        var count = BinaryPrimitives.ReadInt32LittleEndian(body);
        Assert.Equal(2, count);
        var parts = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var offset = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4 + (8 * i)));
            var length = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(8 + (8 * i)));
            Assert.InRange(offset + length, offset, body.Length);
            parts.Add(body.AsSpan(offset, length).ToArray());
        }

        var decoded = WbxmlDecoder.Decode(parts[0]);
        Assert.True(decoded.Success);
        var fetch = decoded.Root!.Find("ItemOperations:Fetch")!;
        Assert.Equal("1", fetch.Value("ItemOperations:Status"));
        Assert.NotNull(fetch.Element("ItemOperations", "Properties"));
        var part = int.Parse(fetch.Find("AirSyncBase:Body")!.Value("ItemOperations:Part")!, CultureInfo.InvariantCulture);
        Assert.Contains("The body of Multipart item.", Encoding.UTF8.GetString(parts[part]), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC17_ItemOperations_Status15")]
    public async Task AnAttachmentIdThatIsNotOneIsFetchStatus15()
    {
        using var device = await _server.DeviceAsync();
        var r = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch",
            Wb.E("AirSyncBase:FileReference", "InvalidAttachmentID"), Wb.E("ItemOperations:Store", "Mailbox"))));
        Assert.Equal("15", Fetch(r).Value("ItemOperations:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S08_TC18_ItemOperations_MoreThanOneFileReference_Status2")]
    public async Task TwoFileReferencesInOneFetchAreAProtocolError()
    {
        var payload = Encoding.ASCII.GetBytes("attachment bytes");
        var mime = $"From: Bob <bob@{Domain}>\r\nTo: alice@{Domain}\r\nSubject: With attachment\r\nMIME-Version: 1.0\r\n" +
                   "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
                   $"--b\r\nContent-Type: text/plain; name=\"a.txt\"\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{Convert.ToBase64String(payload)}\r\n--b--\r\n";
        Assert.True((await _server.Delivery.DeliverAsync($"alice@{Domain}", Encoding.UTF8.GetBytes(mime))).IsDelivered);
        var alice = await AliceAsync();
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        var item = (await _server.Store.GetItemAsync(alice, (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery())).Items[0].Id))!;
        var reference = FileReferences.Format(item.Id, Assert.Single(item.Attachments).Number);
        using var device = await _server.DeviceAsync();

        var r = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch",
            Wb.E("AirSyncBase:FileReference", reference), Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSyncBase:FileReference", reference))));
        Assert.Equal("2", r.TopStatus);
        Assert.DoesNotContain(Convert.ToBase64String(payload), r.Root!.ToString(), StringComparison.Ordinal);

        // One FileReference alone is fetched.
        var single = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch",
            Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSyncBase:FileReference", reference))));
        Assert.Equal("1", Fetch(single).Value("ItemOperations:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S10_TC02_MoveItems_Status1_InvalidSrcFldId")]
    [Trait("Scenario", "MSASCMD_S10_TC04_MoveItems_Status2")]
    public async Task AnUnknownSourceFolderIs1AndAnUnknownDestinationIs2()
    {
        using var device = await _server.DeviceAsync();
        var deleted = await device.FolderIdAsync(4);
        var (inbox, serverId) = await DeliverAsync("Stays put");
        var r = await device.SendAsync("MoveItems", Wb.E("Move:MoveItems",
            Move(serverId, "Invalid SrcFldId", deleted), Move(serverId, inbox, "Invalid DstFldId")));
        var responses = r.Root!.FindAll("Move:Response").ToList();
        Assert.Equal(2, responses.Count);
        Assert.Equal("1", responses[0].Value("Move:Status"));
        Assert.Equal("2", responses[1].Value("Move:Status"));
        Assert.All(responses, x => Assert.Null(x.Value("Move:DstMsgId")));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S10_TC06_MoveItems_Status5")]
    public async Task MovingOneItemToTwoFoldersInOneRequestMovesItOnceAndAnswers5ForTheOther()
    {
        using var device = await _server.DeviceAsync();
        var deleted = await device.FolderIdAsync(4);
        var sent = await device.FolderIdAsync(5);
        var (inbox, serverId) = await DeliverAsync("Two destinations");
        var r = await device.SendAsync("MoveItems", Wb.E("Move:MoveItems", Move(serverId, inbox, deleted), Move(serverId, inbox, sent)));
        var statuses = r.Root!.FindAll("Move:Response").Select(x => x.Value("Move:Status")).ToList();
        Assert.Equal(2, statuses.Count);
        Assert.Contains("5", statuses);
        Assert.Contains("3", statuses);

        // The item is in exactly one of the two folders: the one of the move that succeeded.
        Assert.True(ServerIds.TryParse(serverId, out _, out var itemId));
        var item = (await _server.Store.GetItemAsync(await AliceAsync(), itemId))!;
        var expected = statuses[0] == "3" ? deleted : sent;
        Assert.Equal(expected, item.FolderId.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S10_TC07_MoveItems_Status103")]
    public async Task MoreThanAThousandMovesIsStatus103AndMovesNothing()
    {
        using var device = await _server.DeviceAsync();
        var deleted = await device.FolderIdAsync(4);
        var (inbox, serverId) = await DeliverAsync("Not moved");
        var r = await device.SendAsync("MoveItems", Wb.E("Move:MoveItems", Enumerable.Range(0, 1001).Select(_ => Move(serverId, inbox, deleted)).ToList()));
        Assert.Equal("103", r.TopStatus);
        Assert.True(ServerIds.TryParse(serverId, out _, out var itemId));
        Assert.Equal(inbox, (await _server.Store.GetItemAsync(await AliceAsync(), itemId))!.FolderId.Value.ToString(CultureInfo.InvariantCulture));
    }
}
