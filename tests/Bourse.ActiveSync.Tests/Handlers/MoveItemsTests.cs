using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Tests.Handlers;

/// MoveItems (MS-ASCMD 2.2.1.12) over HTTPS: moves with their new ServerIds, and each per-move Status of 2.2.3.177.10.
public sealed class MoveItemsTests : IAsyncLifetime
{
    private EasTestServer _server = null!;
    private MailboxId _alice;
    private Folder _inbox = null!;
    private Folder _projects = null!;

    public async Task InitializeAsync()
    {
        _server = await EasTestServer.StartAsync();
        _alice = (await _server.UserAsync("alice")).MailboxId;
        _inbox = (await _server.Store.GetWellKnownFolderAsync(_alice, WellKnownFolder.Inbox))!;
        _projects = (await _server.Store.CreateFolderAsync(_alice, _inbox.Id, "Projects", "IPF.Note")).Value;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    [Trait("Scenario", "MSASCMD_S10_TC01_MoveItems_Success")]
    public async Task MovedItemsKeepTheirCounterAndGetTheDestinationsServerId()
    {
        await _server.DeliverAsync("alice", "First");
        await _server.DeliverAsync("alice", "Second");
        var items = (await _server.Store.ListItemsAsync(_alice, _inbox.Id, new ItemQuery())).Items;
        using var device = await _server.DeviceAsync();

        var r = await device.SendAsync("MoveItems", Wb.E("Move:MoveItems", items.Select(i => Move(ServerIds.Format(_inbox.Id, i.Id), _inbox.Id, _projects.Id))));
        var responses = r.Root!.FindAll("Move:Response").ToList();
        Assert.Equal(2, responses.Count);
        for (var k = 0; k < items.Count; k++)
        {
            Assert.Equal(ServerIds.Format(_inbox.Id, items[k].Id), responses[k].Value("Move:SrcMsgId"));
            Assert.Equal("3", responses[k].Value("Move:Status"));
            Assert.Equal(ServerIds.Format(_projects.Id, items[k].Id), responses[k].Value("Move:DstMsgId"));
            Assert.Equal(_projects.Id, (await _server.Store.GetItemAsync(_alice, items[k].Id))!.FolderId);
        }

        Assert.Equal(0, (await _server.Store.ListItemsAsync(_alice, _inbox.Id, new ItemQuery())).TotalCount);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S10_TC02_MoveItems_Status1_InvalidSrcFldId")]
    [Trait("Scenario", "MSASCMD_S10_TC03_MoveItems_Status1_InvalidSrcMsgId")]
    [Trait("Scenario", "MSASCMD_S10_TC04_MoveItems_Status2")]
    [Trait("Scenario", "MSASCMD_S10_TC05_MoveItems_Status4")]
    public async Task EachFailedMoveGetsItsOwnStatusAndTheOthersStillHappen()
    {
        await _server.DeliverAsync("alice", "Movable");
        var item = (await _server.Store.ListItemsAsync(_alice, _inbox.Id, new ItemQuery())).Items.Single().Id;
        var root = (await _server.Store.GetWellKnownFolderAsync(_alice, WellKnownFolder.Root))!;
        // Bob's mailbox counts its own ids: after three deliveries his newest item has an id alice's mailbox has not used.
        for (var k = 0; k < 3; k++)
            await _server.DeliverAsync("bob", $"Bob's {k}");
        var bob = (await _server.UserAsync("bob")).MailboxId;
        var bobInbox = (await _server.Store.GetWellKnownFolderAsync(bob, WellKnownFolder.Inbox))!;
        var bobsItem = (await _server.Store.ListItemsAsync(bob, bobInbox.Id, new ItemQuery())).Items.Max(i => i.Id.Value);
        Assert.Null(await _server.Store.GetItemAsync(_alice, new ItemId(bobsItem)));
        using var device = await _server.DeviceAsync();

        var here = ServerIds.Format(_inbox.Id, item);
        var r = await device.SendAsync("MoveItems", Wb.E("Move:MoveItems",
            Move(here, FolderId(999_999), _projects.Id),                         // unknown source folder: 1
            Move("garbage", _inbox.Id, _projects.Id),                            // malformed item id: 1
            Move(ServerIds.Format(_projects.Id, item), _projects.Id, _inbox.Id),   // the item is not in that folder: 1
            Move(ServerIds.Format(_inbox.Id, new ItemId(888_888)), _inbox.Id, _projects.Id), // no such item: 1
            Move(ServerIds.Format(bobInbox.Id, new ItemId(bobsItem)), _inbox.Id, _projects.Id), // another mailbox's item: 1
            Move(here, _inbox.Id, _inbox.Id),                                     // same source and destination: 4
            Move(here, _inbox.Id, FolderId(999_999)),                             // unknown destination: 2
            Move(here, _inbox.Id, root.Id),                                       // a folder outside the device's hierarchy: 2
            Move(here, _inbox.Id, _projects.Id)));                                // and this one moves: 3
        var statuses = r.Root!.FindAll("Move:Response").Select(x => x.Value("Move:Status")).ToList();
        Assert.Equal(["1", "1", "1", "1", "1", "4", "2", "2", "3"], statuses);
        Assert.All(r.Root!.FindAll("Move:Response").SkipLast(1), x => Assert.Null(x.Value("Move:DstMsgId")));
        Assert.Equal(_projects.Id, (await _server.Store.GetItemAsync(_alice, item))!.FolderId);
        Assert.Equal(bobInbox.Id, (await _server.Store.GetItemAsync(bob, new ItemId(bobsItem)))!.FolderId);

        // Moving it again from where it no longer is: 1.
        var again = await device.SendAsync("MoveItems", Wb.E("Move:MoveItems", Move(here, _inbox.Id, _projects.Id)));
        Assert.Equal("1", again.Root!.Find("Move:Status")!.Text);
    }

    [Fact]
    public async Task AnEmptyRequestIsAProtocolError()
    {
        using var device = await _server.DeviceAsync();
        Assert.Equal("103", (await device.SendAsync("MoveItems", Wb.E("Move:MoveItems", Wb.E("Move:Status", "1")))).TopStatus);
    }

    private static FolderId FolderId(long value) => new(value);

    private static WbxmlElement Move(string srcMsgId, FolderId src, FolderId dst) => Wb.E("Move:Move",
        Wb.E("Move:SrcMsgId", srcMsgId),
        Wb.E("Move:SrcFldId", src.Value.ToString(CultureInfo.InvariantCulture)),
        Wb.E("Move:DstFldId", dst.Value.ToString(CultureInfo.InvariantCulture)));
}
