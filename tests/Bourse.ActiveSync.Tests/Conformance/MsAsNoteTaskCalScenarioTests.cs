using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The ItemOperations and Search scenarios of Microsoft's MS-ASNOTE, MS-ASTASK and MS-ASCAL test suites that need no
/// Schema element, replayed over HTTPS with the note, task or appointment each suite adds.
/// </summary>
public sealed class MsAsNoteTaskCalScenarioTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// MS-ASNOTE CreateNoteElements: a subject, a plain text body, one category and the sticky-note class.
    private static WbxmlElement Note(string subject) => Wb.E("AirSync:ApplicationData",
        Wb.E("Notes:Subject", subject),
        Wb.E("AirSyncBase:Body", Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:Data", "Content of the body.")),
        Wb.E("Notes:Categories", Wb.E("Notes:Category", "blue category")),
        Wb.E("Notes:MessageClass", "IPM.StickyNote"));

    [Fact]
    [Trait("Scenario", "MSASNOTE_S02_TC01_Search_GetZeroOrMoreNotes")]
    public async Task SearchReturnsANotesBlockPerMatchingNoteAndNoneWhenNothingMatches()
    {
        var first = Note("MSASNOTE_subject one");
        var (notes, _) = await ScenarioItems.AddAsync(_server, WellKnownFolder.Notes, EasClass.Notes, first);
        await ScenarioItems.AddAsync(_server, WellKnownFolder.Notes, EasClass.Notes, Note("MSASNOTE_subject two"));
        using var device = await _server.DeviceAsync();

        var (status, results) = await ScenarioItems.SearchAsync(device, notes, "MSASNOTE_subject", "Notes",
            Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1")));
        Assert.Equal("1", status);
        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            Assert.Equal("Notes", result.Value("AirSync:Class"));
            var properties = result.Element("Search", "Properties")!;
            Assert.StartsWith("MSASNOTE_subject ", properties.Value("Notes:Subject"), StringComparison.Ordinal);
            Assert.Equal("IPM.StickyNote", properties.Value("Notes:MessageClass"));
            Assert.Equal("Content of the body.", properties.Find("AirSyncBase:Body")!.Value("AirSyncBase:Data"));
        }

        var (noneStatus, none) = await ScenarioItems.SearchAsync(device, notes, "notExisting_subject", "Notes");
        Assert.Equal("1", noneStatus);
        Assert.Empty(none);
    }

    [Fact]
    [Trait("Scenario", "MSASNOTE_S03_TC01_ItemOperations_GetZeroOrMoreNotes")]
    public async Task ItemOperationsReturnsANotesBlockPerFetchedNoteAndNoneForAMissingOne()
    {
        var sentOne = Note("Fetched note one");
        var (notes, one) = await ScenarioItems.AddAsync(_server, WellKnownFolder.Notes, EasClass.Notes, sentOne);
        var (_, two) = await ScenarioItems.AddAsync(_server, WellKnownFolder.Notes, EasClass.Notes, Note("Fetched note two"));
        using var device = await _server.DeviceAsync();

        WbxmlElement FetchOf(string serverId) => Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"),
            Wb.E("AirSync:CollectionId", notes), Wb.E("AirSync:ServerId", serverId),
            Wb.E("ItemOperations:Options", Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1"))));
        var r = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", FetchOf(one), FetchOf(two)));
        var fetches = r.Root!.FindAll("ItemOperations:Fetch").ToList();
        Assert.Equal(2, fetches.Count);
        Assert.All(fetches, f => Assert.Equal("1", f.Value("ItemOperations:Status")));
        Assert.All(fetches, f => Assert.Equal("Notes", f.Value("AirSync:Class")));
        ScenarioItems.AssertHasEverything(sentOne, fetches[0].Element("ItemOperations", "Properties")!);
        Assert.Equal("Fetched note two", fetches[1].Find("Notes:Subject")!.Text);

        var missing = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", FetchOf(notes + ":notExisting")));
        var fetch = missing.Root!.Find("ItemOperations:Fetch")!;
        Assert.NotEqual("1", fetch.Value("ItemOperations:Status"));
        Assert.Null(fetch.Element("ItemOperations", "Properties"));
    }

    [Fact]
    [Trait("Scenario", "MSASTASK_S03_TC01_RetrieveTaskItemWithSearch")]
    public async Task SearchReturnsTheTaskWithItsTaskElements()
    {
        var (tasks, _) = await ScenarioItems.AddAsync(_server, WellKnownFolder.Tasks, EasClass.Tasks,
            Wb.E("AirSync:ApplicationData", Wb.E("Tasks:Subject", "MSASTASK subject searched")));
        using var device = await _server.DeviceAsync();
        var (status, results) = await ScenarioItems.SearchAsync(device, tasks, "MSASTASK", "Tasks");
        Assert.Equal("1", status);
        var result = Assert.Single(results);
        Assert.Equal("Tasks", result.Value("AirSync:Class"));
        Assert.Equal("MSASTASK subject searched", result.Element("Search", "Properties")!.Value("Tasks:Subject"));
    }

    [Fact]
    [Trait("Scenario", "MSASTASK_S03_TC02_RetrieveInvalidTaskItemWithSearch")]
    public async Task ATaskElementInASearchQueryIsStatus2()
    {
        var (tasks, _) = await ScenarioItems.AddAsync(_server, WellKnownFolder.Tasks, EasClass.Tasks,
            Wb.E("AirSync:ApplicationData", Wb.E("Tasks:Subject", "user task")));
        using var device = await _server.DeviceAsync();
        var r = await device.SendAsync("Search", Wb.E("Search:Search", Wb.E("Search:Store", Wb.E("Search:Name", "Mailbox"),
            Wb.E("Search:Query", Wb.E("Search:And", Wb.E("AirSync:Class", "Tasks"), Wb.E("AirSync:CollectionId", tasks),
                Wb.E("Search:FreeText", "FreeText"), Wb.E("Tasks:Subject", "user"))),
            Wb.E("Search:Options", Wb.E("Search:DeepTraversal")))));
        Assert.Equal("2", r.Root!.Find("Search:Store")!.Value("Search:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCAL_S01_TC30_Search")]
    public async Task SearchReturnsTheCalendarItem()
    {
        var (calendar, _) = await ScenarioItems.AddAsync(_server, WellKnownFolder.Calendar, EasClass.Calendar,
            Wb.E("AirSync:ApplicationData",
                Wb.E("Calendar:Timezone", Convert.ToBase64String(new byte[172])),
                Wb.E("Calendar:StartTime", "20310310T090000Z"), Wb.E("Calendar:EndTime", "20310310T100000Z"),
                Wb.E("Calendar:Subject", "MSASCAL subject searched")));
        using var device = await _server.DeviceAsync();
        var (status, results) = await ScenarioItems.SearchAsync(device, calendar, "MSASCAL");
        Assert.Equal("1", status);
        var result = Assert.Single(results);
        Assert.Equal("Calendar", result.Value("AirSync:Class"));
        Assert.Equal("MSASCAL subject searched", result.Element("Search", "Properties")!.Value("Calendar:Subject"));
    }
}
