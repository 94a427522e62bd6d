using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The Find (S23, protocol 16.1) scenarios of Microsoft's MS-ASCMD test suite, replayed over HTTPS from the suite's default
/// mail request: Class Email, the Inbox's CollectionId and a FreeText, Range 0-5 and DeepTraversal.
/// </summary>
public sealed class MsAsCmdFindScenarioTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> FindMailAsync(EasDevice device, string searchId, string collectionId, string keyword, string range = "0-5") =>
        device.SendAsync("Find", Wb.E("Find:Find",
            Wb.E("Find:SearchId", searchId),
            Wb.E("Find:ExecuteSearch", Wb.E("Find:MailBoxSearchCriterion",
                Wb.E("Find:Query", Wb.E("AirSync:Class", "Email"), Wb.E("AirSync:CollectionId", collectionId), Wb.E("Find:FreeText", keyword)),
                Wb.E("Find:Options", Wb.E("Find:Range", range), Wb.E("Find:DeepTraversal"))))));

    private static WbxmlElement Response(EasResponse r) => r.Root!.Find("Find:Response")!;

    [Fact]
    [Trait("Scenario", "MSASCMD_S23_TC01_Find_Mail_Success")]
    public async Task TheDefaultMailFindSucceeds()
    {
        await _server.DeliverAsync("alice", "About alice", "Hello alice.");
        using var device = await _server.DeviceAsync(version: "16.1");
        var r = await FindMailAsync(device, Guid.NewGuid().ToString(), await device.FolderIdAsync(2), "alice");
        Assert.Equal("1", r.TopStatus);
        Assert.Equal("1", Response(r).Value("Find:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S23_TC02_Find_Mail_InvalidRequest")]
    public async Task AnEmptySearchIdIsStatus2()
    {
        using var device = await _server.DeviceAsync(version: "16.1");
        var r = await FindMailAsync(device, "", await device.FolderIdAsync(2), "alice");
        Assert.Equal("2", r.TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S23_TC08_Find_Mail_FolderSyncRequired")]
    public async Task ACollectionTheDeviceDoesNotKnowIsStatus3OfFind()
    {
        using var device = await _server.DeviceAsync(version: "16.1");
        await device.FolderSyncAsync();
        var r = await FindMailAsync(device, Guid.NewGuid().ToString(), "-1", "alice");
        Assert.Equal("3", r.TopStatus);
        Assert.Empty(r.Root!.FindAll("Find:Result"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S23_TC05_Find_MatchedItems")]
    [Trait("Scenario", "MSASCMD_S23_TC06_Find_NoMatchedItem")]
    public async Task TwoMatchingMessagesAreTwoResultsAndAnotherKeywordNone()
    {
        await _server.DeliverAsync("alice", "k5d1e find 1", "x");
        await _server.DeliverAsync("alice", "k5d1e find 2", "x");
        using var device = await _server.DeviceAsync(version: "16.1");
        var inbox = await device.FolderIdAsync(2);

        var two = await FindMailAsync(device, Guid.NewGuid().ToString(), inbox, "k5d1e");
        Assert.Equal("1", Response(two).Value("Find:Status"));
        Assert.Equal(2, two.Root!.FindAll("Find:Result").Count());

        var none = await FindMailAsync(device, Guid.NewGuid().ToString(), inbox, "q8w2z");
        Assert.Equal("1", Response(none).Value("Find:Status"));
        Assert.Empty(none.Root!.FindAll("Find:Result"));
    }
}
