using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The Search (S14) scenarios of Microsoft's MS-ASCMD test suite, replayed over HTTPS. Most start from the suite's default
/// request — the Mailbox store, DeepTraversal, and an And of Class Email, the Inbox's CollectionId and a FreeText — and
/// move, duplicate or add one element.
/// </summary>
public sealed class MsAsCmdSearchScenarioTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static WbxmlElement Store(WbxmlElement query, params WbxmlElement[] options) => Wb.E("Search:Store",
        Wb.E("Search:Name", "Mailbox"), Wb.E("Search:Query", query),
        options.Length == 0 ? Wb.E("Search:Options", Wb.E("Search:DeepTraversal")) : Wb.E("Search:Options", options.ToList()));

    private static WbxmlElement DefaultAnd(string inbox, string freeText = "FreeText", params WbxmlElement[] extra) => Wb.E("Search:And",
        Wb.E("AirSync:Class", "Email"), Wb.E("AirSync:CollectionId", inbox), Wb.E("Search:FreeText", freeText), extra);

    private static Task<EasResponse> SearchAsync(EasDevice device, params WbxmlElement[] stores) =>
        device.SendAsync("Search", Wb.E("Search:Search", stores));

    private static string? StoreStatus(EasResponse r) => r.Root!.Find("Search:Store")!.Value("Search:Status");

    private static List<WbxmlElement> Results(EasResponse r) => r.Root!.FindAll("Search:Result").Where(x => x.Children.Count > 0).ToList();

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC01_Search_Success")]
    public async Task TheDefaultRequestSucceeds()
    {
        using var device = await _server.DeviceAsync();
        var r = await SearchAsync(device, Store(DefaultAnd(await device.FolderIdAsync(2))));
        Assert.Equal("1", r.TopStatus);
        Assert.Equal("1", StoreStatus(r));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC02_Search_MultipleAndElements")]
    [Trait("Scenario", "MSASCMD_S14_TC03_Search_TooComplex_Status8_Class")]
    [Trait("Scenario", "MSASCMD_S14_TC04_Search_TooComplex_Status8_CollectionId")]
    [Trait("Scenario", "MSASCMD_S14_TC05_Search_TooComplex_Status8_FreeText")]
    [Trait("Scenario", "MSASCMD_S14_TC27_Search_TooComplex_Status8_ConversationId")]
    [Trait("Scenario", "MSASCMD_S14_TC30_Search_TooComplex_Status8_Or")]
    [Trait("Scenario", "MSASCMD_S14_TC31_Search_TooComplex_Status8_GreaterThan")]
    [Trait("Scenario", "MSASCMD_S14_TC32_Search_TooComplex_Status8_LessThan")]
    public async Task AConditionOutsideTheAndOrASecondAndIsTooComplex()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var cls = Wb.E("AirSync:Class", "Email");
        var collection = Wb.E("AirSync:CollectionId", inbox);
        var freeText = Wb.E("Search:FreeText", "FreeText");

        // Two And elements.
        Assert.Equal("8", StoreStatus(await SearchAsync(device, Wb.E("Search:Store", Wb.E("Search:Name", "Mailbox"),
            Wb.E("Search:Query", DefaultAnd(inbox), Wb.E("Search:And")), Wb.E("Search:Options", Wb.E("Search:DeepTraversal"))))));

        async Task<string?> WithOutside(WbxmlElement outside, WbxmlElement and) => StoreStatus(await SearchAsync(device,
            Wb.E("Search:Store", Wb.E("Search:Name", "Mailbox"), Wb.E("Search:Query", outside, and), Wb.E("Search:Options", Wb.E("Search:DeepTraversal")))));

        Assert.Equal("8", await WithOutside(Wb.E("AirSync:Class", "Email"), Wb.E("Search:And", Wb.E("AirSync:CollectionId", inbox), Wb.E("Search:FreeText", "FreeText"))));
        Assert.Equal("8", await WithOutside(Wb.E("AirSync:CollectionId", inbox), Wb.E("Search:And", Wb.E("AirSync:Class", "Email"), Wb.E("Search:FreeText", "FreeText"))));
        Assert.Equal("8", await WithOutside(Wb.E("Search:FreeText", "FreeText"), Wb.E("Search:And", Wb.E("AirSync:Class", "Email"), Wb.E("AirSync:CollectionId", inbox))));
        Assert.Equal("8", await WithOutside(Wb.E("Search:ConversationId", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }), DefaultAnd(inbox)));
        Assert.Equal("8", await WithOutside(Wb.E("Search:GreaterThan", Wb.E("Email:DateReceived"), Wb.E("Search:Value", "2012-03-28T07:31:09.314Z")), DefaultAnd(inbox)));
        Assert.Equal("8", await WithOutside(Wb.E("Search:LessThan", Wb.E("Email:DateReceived"), Wb.E("Search:Value", "2012-03-28T07:31:09.314Z")), DefaultAnd(inbox)));
        Assert.Equal("8", StoreStatus(await SearchAsync(device, Store(Wb.E("Search:Or", cls, collection, freeText)))));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC06_Search_MultipleDeepTraversal")]
    [Trait("Scenario", "MSASCMD_S14_TC07_Search_MoreThanOneMIMESupport")]
    [Trait("Scenario", "MSASCMD_S14_TC08_Search_MultipleRange")]
    [Trait("Scenario", "MSASCMD_S14_TC09_Search_MoreThanOneRebuildResults")]
    [Trait("Scenario", "MSASCMD_S14_TC10_Search_MoreThanOneStores")]
    public async Task RepeatedOptionsOrStoresStillSucceed()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        Assert.Equal("1", StoreStatus(await SearchAsync(device, Store(DefaultAnd(inbox), Wb.E("Search:DeepTraversal"), Wb.E("Search:DeepTraversal")))));
        Assert.Equal("1", StoreStatus(await SearchAsync(device, Store(DefaultAnd(inbox), Wb.E("Search:DeepTraversal"),
            Wb.E("AirSync:MIMESupport", "2"), Wb.E("AirSync:MIMESupport", "2")))));
        Assert.Equal("1", StoreStatus(await SearchAsync(device, Store(DefaultAnd(inbox), Wb.E("Search:DeepTraversal"),
            Wb.E("Search:Range", "0-9"), Wb.E("Search:Range", "0-9")))));
        Assert.Equal("1", StoreStatus(await SearchAsync(device, Store(DefaultAnd(inbox), Wb.E("Search:RebuildResults"), Wb.E("Search:RebuildResults")))));
        var twoStores = await SearchAsync(device, Store(DefaultAnd(inbox)), Store(DefaultAnd(inbox)));
        Assert.Equal("1", twoStores.TopStatus);
        Assert.Equal("1", StoreStatus(twoStores));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC11_Search_Invalid_Status2")]
    public async Task AnElementThatHasNoPlaceInAQueryIsStatus2()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var r = await SearchAsync(device, Store(DefaultAnd(inbox, "FreeText", Wb.E("Email:To", $"alice@{EasTestServer.Domain}"))));
        Assert.Equal("2", StoreStatus(r));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC12_Search_Result_NoItemMatched")]
    [Trait("Scenario", "MSASCMD_S14_TC13_Search_Result_MultipleMatchedItems")]
    public async Task NoMatchIsOneEmptyResultAndTwoMatchesAreTwoResultsInTheInbox()
    {
        await _server.DeliverAsync("alice", "kw4f2a first", "One.");
        await _server.DeliverAsync("alice", "kw4f2a second", "Two.");
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);

        var none = await SearchAsync(device, Store(DefaultAnd(inbox, "searchnothing")));
        Assert.Equal("1", none.TopStatus);
        Assert.Equal("1", StoreStatus(none));
        var empty = Assert.Single(none.Root!.FindAll("Search:Result"));
        Assert.Empty(empty.Children);

        var two = await SearchAsync(device, Store(DefaultAnd(inbox, "kw4f2a"), Wb.E("Search:DeepTraversal"), Wb.E("Search:RebuildResults"), Wb.E("Search:Range", "0-2")));
        Assert.Equal("1", StoreStatus(two));
        var results = Results(two);
        Assert.Equal(2, results.Count);
        Assert.All(results, x => Assert.Equal(inbox, x.Value("AirSync:CollectionId")));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC15_Search_WithAllClass")]
    [Trait("Scenario", "MSASCMD_S14_TC17_Search_WithoutClass")]
    public async Task ASearchOverMailCalendarAndContactsReturnsEachWithItsClass()
    {
        const string keyword = "keywordq7v3";
        var alice = (await _server.UserAsync("alice")).MailboxId;
        await _server.DeliverAsync("alice", keyword + " meeting request", "Please come.");
        var calendar = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Calendar))!;
        Assert.True((await _server.Store.CreateItemAsync(alice, calendar.Id, new NewItem(new PropertyBag()
            .Set(PropTags.MessageClass, "IPM.Appointment").Set(PropTags.Subject, keyword + " meeting")))).IsSuccess);
        var contacts = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Contacts))!;
        var subfolder = (await _server.Store.CreateFolderAsync(alice, contacts.Id, "FolderCreate", "IPF.Contact")).Value;
        Assert.True((await _server.Store.CreateItemAsync(alice, subfolder.Id, new NewItem(new PropertyBag()
            .Set(PropTags.MessageClass, "IPM.Contact").Set(PropTags.Subject, keyword + " Contact").Set(PropTags.DisplayName, keyword + " Contact")))).IsSuccess);
        using var device = await _server.DeviceAsync();
        var inboxId = await device.FolderIdAsync(2);
        var calendarId = await device.FolderIdAsync(8);
        var contactsId = await device.FolderIdAsync(9);
        string[] supported = ["Email", "Calendar", "Contacts", "Tasks", "Notes", "SMS"];

        var allClasses = await SearchAsync(device, Store(Wb.E("Search:And",
                Wb.E("AirSync:CollectionId", inboxId), Wb.E("AirSync:CollectionId", calendarId), Wb.E("AirSync:CollectionId", contactsId),
                Wb.E("AirSync:Class", "Tasks"), Wb.E("AirSync:Class", "Email"), Wb.E("AirSync:Class", "Calendar"),
                Wb.E("AirSync:Class", "Contacts"), Wb.E("AirSync:Class", "Notes"), Wb.E("AirSync:Class", "SMS"),
                Wb.E("Search:FreeText", keyword)),
            Wb.E("Search:DeepTraversal"), Wb.E("Search:RebuildResults")));
        Assert.Equal("1", StoreStatus(allClasses));
        var results = Results(allClasses);
        Assert.Equal(3, results.Count);
        Assert.All(results, x => Assert.Contains(x.Value("AirSync:Class"), supported));
        Assert.Equal(["Calendar", "Contacts", "Email"], results.Select(x => x.Value("AirSync:Class")!).Order().ToArray());

        var withoutClass = await SearchAsync(device, Store(Wb.E("Search:And",
                Wb.E("AirSync:CollectionId", inboxId), Wb.E("AirSync:CollectionId", calendarId), Wb.E("AirSync:CollectionId", contactsId),
                Wb.E("Search:FreeText", keyword)),
            Wb.E("Search:DeepTraversal"), Wb.E("Search:RebuildResults")));
        Assert.Equal("1", StoreStatus(withoutClass));
        Assert.Equal(3, Results(withoutClass).Count);
        Assert.All(Results(withoutClass), x => Assert.Contains(x.Value("AirSync:Class"), supported));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC22_Search_WithDeepTraversal")]
    [Trait("Scenario", "MSASCMD_S14_TC23_Search_WithoutDeepTraversal")]
    public async Task SubfoldersAreSearchedOnlyWithDeepTraversal()
    {
        var alice = (await _server.UserAsync("alice")).MailboxId;
        await _server.DeliverAsync("alice", "deepword in a subfolder", "x");
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!;
        var sub = (await _server.Store.CreateFolderAsync(alice, inbox.Id, "Sub", "IPF.Note")).Value;
        var item = (await _server.Store.ListItemsAsync(alice, inbox.Id, new ItemQuery())).Items.Single();
        Assert.True((await _server.Store.MoveItemsAsync(alice, [item.Id], sub.Id))[0].IsSuccess);
        using var device = await _server.DeviceAsync();
        var inboxId = await device.FolderIdAsync(2);

        var deep = await SearchAsync(device, Store(DefaultAnd(inboxId, "deepword"), Wb.E("Search:DeepTraversal")));
        Assert.Equal(sub.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(Results(deep)).Value("AirSync:CollectionId"));
        var shallow = await SearchAsync(device, Store(DefaultAnd(inboxId, "deepword"), Wb.E("Search:RebuildResults")));
        Assert.Equal("1", StoreStatus(shallow));
        Assert.Empty(Results(shallow));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC28_Search_CaseInsensitiveMatch")]
    public async Task MatchingIgnoresCaseAndRange00IsOneItem()
    {
        await _server.DeliverAsync("alice", "KEYWORDZ9 search 1", "x");
        await _server.DeliverAsync("alice", "KEYWORDZ9 search 2", "x");
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var r = await SearchAsync(device, Store(Wb.E("Search:And", Wb.E("AirSync:CollectionId", inbox), Wb.E("Search:FreeText", "keywordz9")),
            Wb.E("Search:Range", "0-0"), Wb.E("Search:RebuildResults")));
        var result = Assert.Single(Results(r));
        Assert.True(int.Parse(r.Root!.Find("Search:Total")!.Text!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.StartsWith("KEYWORDZ9 search ", result.Find("Email:Subject")!.Text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S14_TC33_Search_MIMESupport")]
    public async Task WithMimeSupportTheBodyIsThereAndWith2ItIsTheMimeBlob()
    {
        await _server.DeliverAsync("alice", "mimeword message", "A message long enough to be cut at one hundred bytes of MIME, headers included.");
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);

        Task<EasResponse> WithMimeSupport(string value) => SearchAsync(device, Store(DefaultAnd(inbox, "mimeword"),
            Wb.E("Search:RebuildResults"), Wb.E("Search:DeepTraversal"), Wb.E("AirSync:MIMESupport", value),
            Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "4"), Wb.E("AirSyncBase:TruncationSize", "100"))));

        var one = await WithMimeSupport("1");
        Assert.Equal("1", StoreStatus(one));
        Assert.NotNull(Assert.Single(Results(one)).Find("AirSyncBase:Body"));

        var two = await WithMimeSupport("2");
        Assert.Equal("1", two.TopStatus);
        var body = Assert.Single(Results(two)).Find("AirSyncBase:Body")!;
        Assert.Equal("4", body.Value("AirSyncBase:Type"));
        Assert.NotNull(body.Value("AirSyncBase:EstimatedDataSize"));
        Assert.NotNull(body.Value("AirSyncBase:Truncated"));
        Assert.NotNull(body.Element("AirSyncBase", "Data"));
    }
}
