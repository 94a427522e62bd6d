using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using static Bourse.ActiveSync.Tests.Handlers.SyncTestKit;

namespace Bourse.ActiveSync.Tests.Handlers;

/// GetItemEstimate (MS-ASCMD 2.2.1.9) over HTTPS: the estimate is what the next Sync sends, and the statuses of 2.2.3.177.7.
public sealed class GetItemEstimateTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static WbxmlElement Request(string collectionId, string syncKey, int? filterType = null) =>
        Wb.E("GetItemEstimate:GetItemEstimate", Wb.E("GetItemEstimate:Collections", Wb.E("GetItemEstimate:Collection",
            Wb.E("AirSync:SyncKey", syncKey),
            Wb.E("GetItemEstimate:CollectionId", collectionId),
            filterType is null ? null : Wb.E("AirSync:Options", Wb.E("AirSync:FilterType", filterType.Value.ToString())))));

    private static async Task<(string Status, string? Estimate)> EstimateAsync(EasDevice device, string collectionId, string syncKey, int? filterType = null)
    {
        var r = await device.SendAsync("GetItemEstimate", Request(collectionId, syncKey, filterType));
        var response = r.Root!.Find("GetItemEstimate:Response")!;
        return (response.Value("GetItemEstimate:Status")!, response.Find("GetItemEstimate:Estimate")?.Text);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S07_TC01_GetItemEstimate_Success")]
    public async Task TheEstimateIsWhatTheNextSyncSends()
    {
        var ids = await _server.SeedMailAsync("alice", 30);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inboxId = await _server.FolderAsync("alice", WellKnownFolder.Inbox);
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        Assert.Equal("1", (await device.SyncAsync(inbox, "0")).Collection(inbox).SyncKey);
        Assert.Equal(("1", "30"), await EstimateAsync(device, inbox, "1"));

        var first = (await device.SyncAsync(inbox, "1", 10)).Collection(inbox);
        Assert.Equal(("1", "20"), await EstimateAsync(device, inbox, first.SyncKey!));
        // The key does not advance with an estimate, and the previous key still estimates from where it stood.
        Assert.Equal(("1", "20"), await EstimateAsync(device, inbox, first.SyncKey!));
        Assert.Equal(("1", "30"), await EstimateAsync(device, inbox, "1"));

        var (key, _) = await SyncToEndAsync(device, inbox, first.SyncKey!);
        Assert.Equal(("1", "0"), await EstimateAsync(device, inbox, key));

        // A delivery, a server-side read change and a deletion: three changes. The device's own change is not one.
        await _server.DeliverAsync("alice", "New");
        await _server.Store.SetReadAsync(alice, [ids[1]], true);
        await _server.Store.DeleteItemsAsync(alice, [ids[2]]);
        var mine = (await device.SyncAsync(inbox, key, commands: [ChangeRead(ServerId(inboxId, ids[3]), true)], getChanges: false)).Collection(inbox);
        Assert.Equal(("1", "3"), await EstimateAsync(device, inbox, mine.SyncKey!));
        var next = (await device.SyncAsync(inbox, mine.SyncKey!)).Collection(inbox);
        Assert.Equal(3, next.AddIds.Count + next.ChangeIds.Count + next.DeleteIds.Count);
        Assert.Equal(("1", "0"), await EstimateAsync(device, inbox, next.SyncKey!));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S07_TC04_GetItemEstimate_Email_FilterType")]
    public async Task TheEstimateRespectsTheFilterType()
    {
        await _server.SeedMailAsync("alice", 4, received: DateTime.UtcNow.AddDays(-20));
        await _server.SeedMailAsync("alice", 3, received: DateTime.UtcNow.AddHours(-1));
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        Assert.Equal("1", (await device.SyncAsync(inbox, "0", options: PlainText(filterType: 3))).Collection(inbox).SyncKey);
        // One week: the three recent ones; no filter: all seven; the state's filter when the request names none.
        Assert.Equal(("1", "3"), await EstimateAsync(device, inbox, "1", filterType: 3));
        Assert.Equal(("1", "7"), await EstimateAsync(device, inbox, "1", filterType: 0));
        Assert.Equal(("1", "3"), await EstimateAsync(device, inbox, "1"));
        var c = (await device.SyncAsync(inbox, "1", options: PlainText(filterType: 3))).Collection(inbox);
        Assert.Equal(3, c.AddIds.Count);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S07_TC09_GetItemEstimate_Status2")]
    [Trait("Scenario", "MSASCMD_S07_TC10_GetItemEstimate_Status3")]
    [Trait("Scenario", "MSASCMD_S07_TC11_GetItemEstimate_Status4_InvalidSyncKey")]
    public async Task StatusesForUnprimedInvalidKeysAndCollections()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        // MS-ASCMD 2.2.3.177.7: 3 not primed (key 0), 4 invalid key, 2 invalid collection.
        Assert.Equal("3", (await EstimateAsync(device, inbox, "0")).Status);
        Assert.Equal("4", (await EstimateAsync(device, inbox, "1")).Status);
        Assert.Equal("2", (await EstimateAsync(device, "424242", "1")).Status);
        Assert.Equal("2", (await EstimateAsync(device, "garbage", "1")).Status);
        await device.SyncAsync(inbox, "0");
        Assert.Equal("4", (await EstimateAsync(device, inbox, "x1")).Status);
        using var other = await _server.DeviceAsync(deviceId: "Other2");
        Assert.Equal("4", (await EstimateAsync(other, inbox, "1")).Status);
        Assert.Equal("1", (await EstimateAsync(device, inbox, "1")).Status);

        // No collections at all.
        var empty = await device.SendAsync("GetItemEstimate", Wb.E("GetItemEstimate:GetItemEstimate"));
        Assert.Equal("2", empty.TopStatus);
    }

    private static async Task<(string Key, int Adds)> SyncToEndAsync(EasDevice device, string collectionId, string key)
    {
        var adds = 0;
        while (true)
        {
            var r = await device.SyncAsync(collectionId, key, 10);
            if (r.Body.Length == 0)
                return (key, adds);
            var c = r.Collection(collectionId);
            adds += c.AddIds.Count;
            key = c.SyncKey!;
            if (!c.MoreAvailable)
                return (key, adds);
        }
    }
}
