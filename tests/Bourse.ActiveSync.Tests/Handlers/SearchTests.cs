using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Directory;

namespace Bourse.ActiveSync.Tests.Handlers;

/// Search (MS-ASCMD 2.2.1.16) over HTTPS: the mailbox by free text with folders, classes, dates and ranges; the GAL.
public sealed class SearchTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> MailboxAsync(EasDevice device, WbxmlElement query, params WbxmlElement[] options) =>
        device.SendAsync("Search", Wb.E("Search:Search", Wb.E("Search:Store",
            Wb.E("Search:Name", "Mailbox"), Wb.E("Search:Query", query), options.Length == 0 ? null : Wb.E("Search:Options", options))));

    private static Task<EasResponse> GalAsync(EasDevice device, string text, string? range = null) =>
        device.SendAsync("Search", Wb.E("Search:Search", Wb.E("Search:Store",
            Wb.E("Search:Name", "GAL"), Wb.E("Search:Query", text), range is null ? null : Wb.E("Search:Options", Wb.E("Search:Range", range)))));

    private static string? StoreStatus(EasResponse r) => r.Root!.Find("Search:Store")!.Value("Search:Status");

    private static List<WbxmlElement> Results(EasResponse r) =>
        r.Root!.FindAll("Search:Result").Where(x => x.Children.Count > 0).ToList();

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC01_Search_Success")]
    [Trait("Scenario", "MSASEMAIL_S01_TC24_SearchEmail")]
    public async Task FindsADeliveredMessageByAWordOfItsBodyWithALongIdAndItsProperties()
    {
        await _server.DeliverAsync("alice", "Quarterly figures", "Please find the zeppelin estimates attached.");
        await _server.DeliverAsync("alice", "Lunch", "Nothing to see here.");
        await _server.DeliverAsync("bob", "Bob's zeppelin", "Bob has a zeppelin too.");
        using var device = await _server.DeviceAsync();
        var inboxId = await device.FolderIdAsync(2);

        var r = await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "zeppelin")),
            Wb.E("Search:Range", "0-9"), Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1")));
        Assert.Equal("1", r.TopStatus);
        Assert.Equal("1", StoreStatus(r));
        var result = Assert.Single(Results(r));
        Assert.Equal("Email", result.Value("AirSync:Class"));
        Assert.Equal(inboxId, result.Value("AirSync:CollectionId"));
        // The LongId is the item's ServerId, which ItemOperations Fetch takes back.
        Assert.True(ServerIds.TryParse(result.Value("Search:LongId"), out var folder, out var item));
        Assert.Equal(inboxId, folder.Value.ToString());
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.Equal("Quarterly figures", (await _server.Store.GetItemAsync(alice, item))!.Subject);
        var properties = result.Find("Search:Properties")!;
        Assert.Equal("Quarterly figures", properties.Value("Email:Subject"));
        Assert.Contains("zeppelin estimates", properties.Find("AirSyncBase:Body")!.Value("AirSyncBase:Data"));
        Assert.Equal("0-0", r.Root!.Find("Search:Range")!.Text);
        Assert.Equal("1", r.Root!.Find("Search:Total")!.Text);

        // ItemOperations Fetch takes the LongId back and returns the same message.
        var fetched = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch",
            Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("Search:LongId", result.Value("Search:LongId")!))));
        var fetch = fetched.Root!.Find("ItemOperations:Fetch")!;
        Assert.Equal("1", fetch.Value("ItemOperations:Status"));
        Assert.Equal("Quarterly figures", fetch.Find("Email:Subject")!.Text);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC12_Search_Result_NoItemMatched")]
    [Trait("Scenario", "MSASCMD_S14_TC13_Search_Result_MultipleMatchedItems")]
    public async Task RangePagesTheResultsAndTotalCountsThemAll()
    {
        for (var i = 0; i < 3; i++)
            await _server.DeliverAsync("alice", $"Report {i}", "The marmalade inventory.");
        using var device = await _server.DeviceAsync();

        var first = await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "marmalade")), Wb.E("Search:Range", "0-1"));
        Assert.Equal(2, Results(first).Count);
        Assert.Equal("0-1", first.Root!.Find("Search:Range")!.Text);
        Assert.Equal("3", first.Root!.Find("Search:Total")!.Text);

        var second = await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "marmalade")), Wb.E("Search:Range", "2-3"));
        var last = Assert.Single(Results(second));
        Assert.Equal("2-2", second.Root!.Find("Search:Range")!.Text);
        Assert.Equal("3", second.Root!.Find("Search:Total")!.Text);
        var seen = Results(first).Concat(Results(second)).Select(x => x.Value("Search:LongId")).ToHashSet();
        Assert.Equal(3, seen.Count);

        // Nothing found: an empty Result and a Total of 0.
        var none = await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "quokka")));
        Assert.Equal("1", StoreStatus(none));
        Assert.Empty(Results(none));
        Assert.NotNull(none.Root!.Find("Search:Result"));
        Assert.Equal("0", none.Root!.Find("Search:Total")!.Text);
        Assert.Null(none.Root!.Find("Search:Range"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC22_Search_WithDeepTraversal")]
    [Trait("Scenario", "MSASCMD_S14_TC23_Search_WithoutDeepTraversal")]
    public async Task FoldersClassesAndDatesNarrowTheSearch()
    {
        await _server.DeliverAsync("alice", "Orchid care", "Water the orchid weekly.");
        using var device = await _server.DeviceAsync();
        var sync = await device.FolderSyncAsync();
        string Id(int type) => sync.Root!.FindAll("FolderHierarchy:Add").First(a => a.Value("FolderHierarchy:Type") == type.ToString()).Value("FolderHierarchy:ServerId")!;
        var inbox = Id(2);
        var sent = Id(5);

        async Task<int> Count(params WbxmlElement[] conditions) =>
            Results(await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "orchid"), conditions))).Count;

        Assert.Equal(1, await Count(Wb.E("AirSync:CollectionId", inbox)));
        Assert.Equal(0, await Count(Wb.E("AirSync:CollectionId", sent)));
        Assert.Equal(1, await Count(Wb.E("AirSync:Class", "Email")));
        Assert.Equal(0, await Count(Wb.E("AirSync:Class", "Calendar")));
        Assert.Equal(1, await Count(Wb.E("Search:GreaterThan", Wb.E("Email:DateReceived"), Wb.E("Search:Value", "2000-01-01T00:00:00.000Z"))));
        Assert.Equal(0, await Count(Wb.E("Search:GreaterThan", Wb.E("Email:DateReceived"), Wb.E("Search:Value", "2099-01-01T00:00:00.000Z"))));
        Assert.Equal(0, await Count(Wb.E("Search:LessThan", Wb.E("Email:DateReceived"), Wb.E("Search:Value", "2000-01-01T00:00:00.000Z"))));

        // A message in a subfolder of the Inbox is found under the Inbox only with DeepTraversal.
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inboxFolder = new Bourse.Core.Ids.FolderId(long.Parse(inbox));
        var sub = (await _server.Store.CreateFolderAsync(alice, inboxFolder, "Plants", "IPF.Note")).Value;
        var item = (await _server.Store.ListItemsAsync(alice, inboxFolder, new Bourse.Storage.ItemQuery())).Items.Single();
        Assert.True((await _server.Store.MoveItemsAsync(alice, [item.Id], sub.Id))[0].IsSuccess);
        Assert.Equal(0, await Count(Wb.E("AirSync:CollectionId", inbox)));
        var deep = await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "orchid"), Wb.E("AirSync:CollectionId", inbox)),
            Wb.E("Search:DeepTraversal"));
        Assert.Equal(sub.Id.Value.ToString(), Assert.Single(Results(deep)).Value("AirSync:CollectionId"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC30_Search_TooComplex_Status8_Or")]
    public async Task QueriesBeyondTheProtocolGetTheirStatus()
    {
        using var device = await _server.DeviceAsync();
        // MS-ASCMD 2.2.3.177.13: 2 invalid request, 8 too complex.
        Assert.Equal("2", StoreStatus(await MailboxAsync(device, Wb.E("Search:And", Wb.E("AirSync:Class", "Email")))));
        Assert.Equal("2", StoreStatus(await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "x"), Wb.E("AirSync:CollectionId", "999999")))));
        Assert.Equal("2", StoreStatus(await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "x")), Wb.E("Search:Range", "5-1"))));
        Assert.Equal("2", StoreStatus(await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "x"), Wb.E("AirSync:Class", "Faxes")))));
        Assert.Equal("8", StoreStatus(await MailboxAsync(device, Wb.E("Search:Or", Wb.E("Search:FreeText", "x")))));
        Assert.Equal("8", StoreStatus(await MailboxAsync(device, Wb.E("Search:And", Wb.E("Search:FreeText", "x"),
            Wb.E("Search:GreaterThan", Wb.E("Email:Subject"), Wb.E("Search:Value", "a"))))));
        var unknownStore = await device.SendAsync("Search", Wb.E("Search:Search", Wb.E("Search:Store", Wb.E("Search:Name", "Printers"), Wb.E("Search:Query", "x"))));
        Assert.Equal("1", unknownStore.TopStatus);
        Assert.Equal("2", StoreStatus(unknownStore));
    }

    [Fact]
    public async Task GalSearchFindsUsersByNameOrAddressPrefixWithRangeAndTotal()
    {
        using var device = await _server.DeviceAsync();
        var bob = await GalAsync(device, "bo");
        Assert.Equal("1", StoreStatus(bob));
        var result = Assert.Single(Results(bob));
        Assert.Equal("Bob", result.Find("GAL:DisplayName")!.Text);
        Assert.Equal($"bob@{EasTestServer.Domain}", result.Find("GAL:EmailAddress")!.Text);
        Assert.Equal("1", bob.Root!.Find("Search:Total")!.Text);

        foreach (var name in new[] { "Dana One", "Dana Two", "Dana Three" })
        {
            var created = await _server.Directory.CreateUserAsync(new NewDirectoryUser($"{name.Replace(' ', '.').ToLowerInvariant()}@{EasTestServer.Domain}") { DisplayName = name });
            Assert.True(created.IsSuccess);
        }

        var page = await GalAsync(device, "dana", "0-1");
        Assert.Equal(2, Results(page).Count);
        Assert.Equal("0-1", page.Root!.Find("Search:Range")!.Text);
        Assert.Equal("3", page.Root!.Find("Search:Total")!.Text);
        // A word of the display name matches too.
        Assert.Equal("Dana Three", Assert.Single(Results(await GalAsync(device, "thr"))).Find("GAL:DisplayName")!.Text);

        var none = await GalAsync(device, "zz");
        Assert.Empty(Results(none));
        Assert.Equal("0", none.Root!.Find("Search:Total")!.Text);
        Assert.Equal("2", StoreStatus(await GalAsync(device, " ")));
    }
}
