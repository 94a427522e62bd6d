using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Handlers;

/// Find (MS-ASCMD 2.2.1.2, protocol 16.1) over HTTPS: mailbox and GAL criteria, result properties, statuses.
public sealed class FindTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> FindMailboxAsync(EasDevice device, string text, string? collectionId = null, string? range = null, bool deep = false) =>
        device.SendAsync("Find", Wb.E("Find:Find",
            Wb.E("Find:SearchId", Guid.NewGuid().ToString()),
            Wb.E("Find:ExecuteSearch", Wb.E("Find:MailBoxSearchCriterion",
                Wb.E("Find:Query", Wb.E("AirSync:Class", "Email"), collectionId is null ? null : Wb.E("AirSync:CollectionId", collectionId), Wb.E("Find:FreeText", text)),
                Wb.E("Find:Options", range is null ? null : Wb.E("Find:Range", range), deep ? Wb.E("Find:DeepTraversal") : null)))));

    private static List<WbxmlElement> Results(EasResponse r) => r.Root!.FindAll("Find:Result").ToList();

    [Fact]
    [Trait("Scenario", "MSASCMD_S23_TC01_Find_Mail_Success")]
    [Trait("Scenario", "MSASEMAIL_S01_TC32_FindEmail")]
    public async Task FindsAMessageWithItsListProperties()
    {
        await _server.DeliverAsync("alice", "Harbour plans", "The lighthouse keeper sends his regards.\r\nSee you soon.");
        await _server.DeliverAsync("alice", "Other", "Unrelated.");
        using var device = await _server.DeviceAsync(version: "16.1");
        var inboxId = await device.FolderIdAsync(2);

        var r = await FindMailboxAsync(device, "lighthouse", range: "0-9");
        Assert.Equal("1", r.TopStatus);
        var response = r.Root!.Find("Find:Response")!;
        Assert.Equal("Mailbox", response.Value("ItemOperations:Store"));
        Assert.Equal("1", response.Value("Find:Status"));
        var result = Assert.Single(Results(r));
        Assert.Equal("Email", result.Value("AirSync:Class"));
        Assert.Equal(inboxId, result.Value("AirSync:CollectionId"));
        Assert.True(ServerIds.TryParse(result.Value("AirSync:ServerId"), out var folder, out _));
        Assert.Equal(inboxId, folder.Value.ToString());
        var properties = result.Find("Find:Properties")!;
        Assert.Equal("Harbour plans", properties.Value("Email:Subject"));
        Assert.Equal("0", properties.Value("Email:Read"));
        Assert.Equal("0", properties.Value("Email2:IsDraft"));
        Assert.Equal("0", properties.Value("Find:HasAttachments"));
        Assert.Equal("The lighthouse keeper sends his regards. See you soon.", properties.Value("Find:Preview"));
        Assert.Contains("carol@example.com", properties.Value("Email:From"));
        Assert.NotNull(properties.Value("Email:DateReceived"));
        Assert.Equal("0-0", response.Value("Find:Range"));
        Assert.Equal("1", response.Value("Find:Total"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S23_TC06_Find_NoMatchedItem")]
    public async Task FolderDeepTraversalAndStatuses()
    {
        await _server.DeliverAsync("alice", "Buoys", "Yellow buoy inventory.");
        using var device = await _server.DeviceAsync(version: "16.1");
        var inboxId = await device.FolderIdAsync(2);
        var sentId = await device.FolderIdAsync(5);
        Assert.Single(Results(await FindMailboxAsync(device, "buoy", inboxId)));
        Assert.Empty(Results(await FindMailboxAsync(device, "buoy", sentId)));
        Assert.Equal("0", (await FindMailboxAsync(device, "buoy", sentId)).Root!.Find("Find:Total")!.Text);

        // Moved to a subfolder of the Inbox: found under the Inbox only with DeepTraversal.
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inbox = new Bourse.Core.Ids.FolderId(long.Parse(inboxId));
        var sub = (await _server.Store.CreateFolderAsync(alice, inbox, "Marine", "IPF.Note")).Value;
        var item = (await _server.Store.ListItemsAsync(alice, inbox, new Bourse.Storage.ItemQuery())).Items.Single();
        Assert.True((await _server.Store.MoveItemsAsync(alice, [item.Id], sub.Id))[0].IsSuccess);
        Assert.Empty(Results(await FindMailboxAsync(device, "buoy", inboxId)));
        Assert.Equal(sub.Id.Value.ToString(), Assert.Single(Results(await FindMailboxAsync(device, "buoy", inboxId, deep: true))).Value("AirSync:CollectionId"));

        // MS-ASCMD 2.2.3.177.2: 3 for a folder the device should not know (FolderSync needed), 2 for a malformed request.
        Assert.Equal("3", (await FindMailboxAsync(device, "buoy", "999999")).Root!.Find("Find:Response")!.Value("Find:Status"));
        Assert.Equal("2", (await FindMailboxAsync(device, "buoy", range: "9-2")).Root!.Find("Find:Response")!.Value("Find:Status"));
        Assert.Equal("2", (await FindMailboxAsync(device, "buoy", range: "0-1000")).Root!.Find("Find:Response")!.Value("Find:Status"));
        Assert.Equal("2", (await device.SendAsync("Find", Wb.E("Find:Find", Wb.E("Find:SearchId", "x"), Wb.E("Find:ExecuteSearch")))).TopStatus);
        Assert.Equal("2", (await device.SendAsync("Find", Wb.E("Find:Find", Wb.E("Find:ExecuteSearch",
            Wb.E("Find:MailBoxSearchCriterion", Wb.E("Find:Query", Wb.E("Find:FreeText", "buoy"))))))).TopStatus);

        // Find is a 16.1 command.
        device.Version = "16.0";
        Assert.Equal("2", (await FindMailboxAsync(device, "buoy")).TopStatus);
    }

    [Fact]
    public async Task GalCriterionFindsBob()
    {
        using var device = await _server.DeviceAsync(version: "16.1");
        var r = await device.SendAsync("Find", Wb.E("Find:Find",
            Wb.E("Find:SearchId", Guid.NewGuid().ToString()),
            Wb.E("Find:ExecuteSearch", Wb.E("Find:GalSearchCriterion",
                Wb.E("Find:Query", Wb.E("Find:FreeText", "bob")), Wb.E("Find:Options", Wb.E("Find:Range", "0-4"))))));
        Assert.Equal("1", r.TopStatus);
        var response = r.Root!.Find("Find:Response")!;
        Assert.Equal("GAL", response.Value("ItemOperations:Store"));
        var result = Assert.Single(Results(r));
        Assert.Equal("Bob", result.Find("GAL:DisplayName")!.Text);
        Assert.Equal($"bob@{EasTestServer.Domain}", result.Find("GAL:EmailAddress")!.Text);
        Assert.Equal("1", response.Value("Find:Total"));
    }
}
