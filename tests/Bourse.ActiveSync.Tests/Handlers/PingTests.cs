using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Handlers;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static Bourse.ActiveSync.Tests.Handlers.SyncTestKit;

namespace Bourse.ActiveSync.Tests.Handlers;

/// Ping (MS-ASCMD 2.2.1.13) over HTTPS: bounds, cached parameters, what wakes a held Ping and what does not, and its end.
public sealed class PingTests : IAsyncLifetime
{
    private const int MaxFolders = 4;

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync(new Dictionary<string, string?>
    {
        // Short heartbeats so the "nothing happened" cases finish quickly.
        ["Bourse:ActiveSync:MinHeartbeatSeconds"] = "1",
        ["Bourse:ActiveSync:MaxHeartbeatSeconds"] = "600",
        ["Bourse:ActiveSync:MaxPingFolders"] = MaxFolders.ToString(CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static WbxmlElement Body(string? heartbeat, params string[] folders) =>
        Wb.E("Ping:Ping",
            heartbeat is null ? null : Wb.E("Ping:HeartbeatInterval", heartbeat),
            folders.Length == 0 ? null : Wb.E("Ping:Folders", folders.Select(id => Wb.E("Ping:Folder", Wb.E("Ping:Id", id), Wb.E("Ping:Class", "Email")))));

    private static Task<EasResponse> PingAsync(EasDevice device, WbxmlElement? body, CancellationToken ct = default) => device.SendAsync("Ping", body, ct: ct);

    /// Folder ServerIds by display name, from the device's initial FolderSync.
    private static async Task<Dictionary<string, string>> FoldersAsync(EasDevice device)
    {
        var r = await device.FolderSyncAsync();
        return r.Root!.FindAll("FolderHierarchy:Add").ToDictionary(a => a.Value("FolderHierarchy:DisplayName")!, a => a.Value("FolderHierarchy:ServerId")!);
    }

    private static string[] ChangedFolders(EasResponse r) => r.Root!.FindAll("Ping:Folder").Select(f => f.Text!).ToArray();

    /// The server's Ping handler (to see which Pings it holds).
    private PingHandler Handler()
    {
        var app = (WebApplication)typeof(EasTestServer).GetField("_app", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_server)!;
        return app.Services.GetServices<IEasCommandHandler>().OfType<PingHandler>().Single();
    }

    /// Waits until the server holds <paramref name="count"/> Pings (registered and subscribed to the mailbox's changes).
    private async Task HeldAsync(int count = 1)
    {
        var handler = Handler();
        var deadline = Stopwatch.StartNew();
        while (handler.Held.Count != count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"the server holds {handler.Held.Count} Pings, expected {count}");
            await Task.Delay(20);
        }

        // Registration and subscription are one synchronous step; leave a moment for the baseline read that follows.
        await Task.Delay(100);
    }

    private async Task<FolderId> WellKnownAsync(WellKnownFolder folder) =>
        (await _server.Store.GetWellKnownFolderAsync((await _server.UserAsync("alice")).MailboxId, folder))!.Id;

    [Fact]
    [Trait("Scenario", "MSASCMD_S11_TC03_Ping_Status5")]
    [Trait("Scenario", "MSASCMD_S11_TC07_Ping_HeartbeatIntervalSetTooLarge")]
    public async Task HeartbeatOutsideTheBoundsGetsStatus5WithTheLimitCrossed()
    {
        using var device = await _server.DeviceAsync();
        var inbox = (await FoldersAsync(device))["Inbox"];

        var low = await PingAsync(device, Body("0", inbox));
        Assert.Equal("5", low.TopStatus);
        Assert.Equal("1", low.Root!.Value("Ping:HeartbeatInterval"));

        var high = await PingAsync(device, Body("601", inbox));
        Assert.Equal("5", high.TopStatus);
        Assert.Equal("600", high.Root!.Value("Ping:HeartbeatInterval"));

        var huge = await PingAsync(device, Body("99999999999999999999999", inbox));
        Assert.Equal("5", huge.TopStatus);
        Assert.Equal("600", huge.Root!.Value("Ping:HeartbeatInterval"));

        // A refused request is not cached: an empty Ping afterwards has nothing to reuse.
        Assert.Equal("3", (await PingAsync(device, null)).TopStatus);
    }

    [Fact]
    public async Task MoreFoldersThanAllowedGetsStatus6WithMaxFolders()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        var five = folders.Values.Take(MaxFolders + 1).ToArray();

        var r = await PingAsync(device, Body("1", five));
        Assert.Equal("6", r.TopStatus);
        Assert.Equal(MaxFolders.ToString(CultureInfo.InvariantCulture), r.Root!.Value("Ping:MaxFolders"));

        var allowed = await PingAsync(device, Body("1", five[..MaxFolders]));
        Assert.Equal("1", allowed.TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S11_TC01_Ping_Status3")]
    public async Task NothingCachedAndAParameterMissingGetsStatus3()
    {
        using var device = await _server.DeviceAsync();
        var inbox = (await FoldersAsync(device))["Inbox"];
        Assert.Equal("3", (await PingAsync(device, null)).TopStatus);
        Assert.Equal("3", (await PingAsync(device, Wb.E("Ping:Ping"))).TopStatus);
        Assert.Equal("3", (await PingAsync(device, Body(null, inbox))).TopStatus);
        Assert.Equal("3", (await PingAsync(device, Body("1"))).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S11_TC02_Ping_Status4")]
    public async Task MalformedRequestsGetStatus4()
    {
        using var device = await _server.DeviceAsync();
        var inbox = (await FoldersAsync(device))["Inbox"];
        WbxmlElement[] malformed =
        [
            Body("soon", inbox),
            Body("-5", inbox),
            Body("", inbox),
            Wb.E("Ping:Ping", Wb.E("Ping:HeartbeatInterval", "1"), Wb.E("Ping:Folders")),
            Wb.E("Ping:Ping", Wb.E("Ping:HeartbeatInterval", "1"), Wb.E("Ping:Folders", Wb.E("Ping:Folder", Wb.E("Ping:Class", "Email")))),
            Wb.E("Ping:Ping", Wb.E("Ping:HeartbeatInterval", "1"), Wb.E("Ping:Folders", Wb.E("Ping:Folder", Wb.E("Ping:Id", inbox), Wb.E("Ping:Id", inbox)))),
            Wb.E("Ping:Ping", Wb.E("Ping:HeartbeatInterval", "1"), Wb.E("Ping:HeartbeatInterval", "2"), Wb.E("Ping:Folders", Wb.E("Ping:Folder", Wb.E("Ping:Id", inbox)))),
            Wb.E("Ping:Ping", Wb.E("Ping:HeartbeatInterval", "1"), Wb.E("Ping:MaxFolders", "3")),
            Wb.E("Ping:Ping", Wb.E("Ping:HeartbeatInterval", "1"), Wb.E("Ping:Folders", Wb.E("Ping:Id", inbox))),
            Wb.E("Ping:Ping", Wb.E("AirSync:SyncKey", "1")),
        ];
        foreach (var body in malformed)
        {
            var r = await PingAsync(device, body);
            Assert.True(r.TopStatus == "4", $"{body} → {r}");
        }

        // Nothing of them was cached.
        Assert.Equal("3", (await PingAsync(device, null)).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S11_TC04_Ping_Status7_SyncRequired")]
    public async Task AFolderOutsideTheHierarchyGetsStatus7()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        var alicesRoot = await WellKnownAsync(WellKnownFolder.IpmSubtree);
        var finder = await WellKnownAsync(WellKnownFolder.SearchFolders);
        // Unknown, not a number, not the canonical text of a known id, and folders outside what the device sees.
        foreach (var id in new[] { "999999", "abc", "0" + folders["Inbox"], alicesRoot.Value.ToString(CultureInfo.InvariantCulture), finder.Value.ToString(CultureInfo.InvariantCulture) })
        {
            var r = await PingAsync(device, Body("1", folders["Inbox"], id));
            Assert.True(r.TopStatus == "7", $"{id} → {r}");
        }
    }

    [Fact]
    public async Task HeartbeatExpiresWithStatus1WhenNothingChanges()
    {
        using var device = await _server.DeviceAsync();
        var inbox = (await FoldersAsync(device))["Inbox"];
        var clock = Stopwatch.StartNew();
        var r = await PingAsync(device, Body("2", inbox));
        Assert.Equal("1", r.TopStatus);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.9, 15);
        Assert.Empty(r.Root!.FindAll("Ping:Folder"));
        Assert.Equal(0, Handler().Held.Count);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S11_TC06_Ping_ChangesOccurred")]
    public async Task ADeliveryWakesTheHeldPingWithStatus2NamingOnlyTheInbox()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        var ping = PingAsync(device, Body("120", folders["Inbox"], folders["Contacts"], folders["Calendar"]));
        await HeldAsync();
        var clock = Stopwatch.StartNew();
        await _server.DeliverAsync("alice", "Ping me");
        var r = await ping;
        Assert.Equal("2", r.TopStatus);
        Assert.Equal([folders["Inbox"]], ChangedFolders(r));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"answered {clock.Elapsed.TotalMilliseconds:0} ms after the delivery");
        Assert.Equal(0, Handler().Held.Count);
    }

    [Fact]
    public async Task AChangeInAnUnwatchedFolderOrAnotherMailboxDoesNotWakeIt()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var contacts = await WellKnownAsync(WellKnownFolder.Contacts);

        var clock = Stopwatch.StartNew();
        var ping = PingAsync(device, Body("3", folders["Inbox"]));
        await HeldAsync();
        var contact = new NewItem(new PropertyBag().Set(PropTags.MessageClass, "IPM.Contact").Set(PropTags.Subject, "Carol"));
        Assert.True((await _server.Store.CreateItemAsync(alice, contacts, contact)).IsSuccess);
        await _server.DeliverAsync("bob", "Not for Alice");
        var r = await ping;
        Assert.Equal("1", r.TopStatus);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.9), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task AnItemLeavingAWatchedFolderCountsAsAChangeThere()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        await _server.DeliverAsync("alice", "Move me");
        var inbox = await WellKnownAsync(WellKnownFolder.Inbox);
        var item = (await _server.Store.ListItemsAsync(alice, inbox, new Bourse.Storage.ItemQuery())).Items.Single().Id;

        var ping = PingAsync(device, Body("120", folders["Inbox"], folders["Contacts"]));
        await HeldAsync();
        var moved = await _server.Store.MoveItemsAsync(alice, [item], await WellKnownAsync(WellKnownFolder.DeletedItems));
        Assert.True(moved.Single().IsSuccess);
        var r = await ping;
        Assert.Equal("2", r.TopStatus);
        Assert.Equal([folders["Inbox"]], ChangedFolders(r));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S11_TC08_Ping_WithoutRequestBody")]
    public async Task AnEmptyPingOrOneWithOnlyAHeartbeatReusesTheCachedFolders()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        Assert.Equal("1", (await PingAsync(device, Body("1", folders["Inbox"]))).TopStatus);

        // Kept in the store beside the mailbox, so any node can continue it.
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.NotNull(await _server.Store.GetStateAsync(alice, "eas/dev1/ping"));

        // Empty body: same folders, same heartbeat (1 s).
        var clock = Stopwatch.StartNew();
        Assert.Equal("1", (await PingAsync(device, null)).TopStatus);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 15);

        var empty = PingAsync(device, null);
        await HeldAsync();
        await _server.DeliverAsync("alice", "To the cached folder");
        var woken = await empty;
        Assert.Equal("2", woken.TopStatus);
        Assert.Equal([folders["Inbox"]], ChangedFolders(woken));

        // Only a heartbeat: the cached folders, the new heartbeat (kept for the next empty Ping too).
        var heartbeatOnly = PingAsync(device, Body("300"));
        await HeldAsync();
        await _server.DeliverAsync("alice", "Again");
        Assert.Equal([folders["Inbox"]], ChangedFolders(await heartbeatOnly));

        // Only folders: the cached heartbeat (300 s), new folders.
        var foldersOnly = PingAsync(device, Body(null, folders["Contacts"]));
        await HeldAsync();
        var contacts = await WellKnownAsync(WellKnownFolder.Contacts);
        var contact = new NewItem(new PropertyBag().Set(PropTags.MessageClass, "IPM.Contact").Set(PropTags.Subject, "Dave"));
        Assert.True((await _server.Store.CreateItemAsync(alice, contacts, contact)).IsSuccess);
        Assert.Equal([folders["Contacts"]], ChangedFolders(await foldersOnly));

        // Another device of the same user has its own cache.
        using var tablet = await _server.DeviceAsync(deviceId: "Tab2");
        Assert.Equal("3", (await PingAsync(tablet, null)).TopStatus);
    }

    [Fact]
    public async Task ANewPingFromTheSameDeviceEndsTheOlderOneWithStatus1()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        var first = PingAsync(device, Body("300", folders["Inbox"]));
        await HeldAsync();

        var clock = Stopwatch.StartNew();
        var second = PingAsync(device, null);
        var superseded = await first;
        Assert.Equal("1", superseded.TopStatus);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the older Ping answered after {clock.Elapsed.TotalMilliseconds:0} ms");
        await HeldAsync();
        Assert.False(second.IsCompleted);

        // Another device of the user is not affected by this device's Pings.
        using var tablet = await _server.DeviceAsync(deviceId: "Tab2");
        var tabletFolders = await FoldersAsync(tablet);
        var other = PingAsync(tablet, Body("300", tabletFolders["Inbox"]));
        await HeldAsync(2);
        Assert.False(second.IsCompleted);

        await _server.DeliverAsync("alice", "Both");
        Assert.Equal("2", (await second).TopStatus);
        Assert.Equal("2", (await other).TopStatus);
    }

    [Fact]
    public async Task ChangesTheDeviceHasNotSyncedAnswerAtOnce()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        var inbox = folders["Inbox"];
        await _server.DeliverAsync("alice", "Before the first Sync");
        var (key, adds) = await device.FullSyncAsync(inbox);
        Assert.Single(adds);

        // In step with the server: the Ping waits.
        Assert.Equal("1", (await PingAsync(device, Body("1", inbox, folders["Contacts"]))).TopStatus);

        // Mail arrives between two Pings (the device was syncing, or offline): the next Ping reports it at once.
        await _server.DeliverAsync("alice", "While no Ping was held");
        var clock = Stopwatch.StartNew();
        var r = await PingAsync(device, Body("300", inbox, folders["Contacts"]));
        Assert.Equal("2", r.TopStatus);
        Assert.Equal([inbox], ChangedFolders(r));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");

        // Once the device synced it, it is no longer news.
        var synced = (await device.SyncAsync(inbox, key)).Collection(inbox);
        Assert.NotEqual(key, synced.SyncKey);
        Assert.Equal("1", (await PingAsync(device, Body("1", inbox, folders["Contacts"]))).TopStatus);
    }

    [Fact]
    public async Task AClientThatGoesAwayFreesItsPing()
    {
        using var device = await _server.DeviceAsync();
        var folders = await FoldersAsync(device);
        using var cancel = new CancellationTokenSource();
        var ping = PingAsync(device, Body("300", folders["Inbox"]), cancel.Token);
        await HeldAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ping);
        // The server notices the closed connection and lets go of the wait.
        await HeldAsync(0);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S11_TC05_Ping_Status7_Outdate")]
    public async Task DeletingAWatchedFolderWhileHeldGetsStatus7()
    {
        using var device = await _server.DeviceAsync();
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var projects = (await _server.Store.CreateFolderAsync(alice, await WellKnownAsync(WellKnownFolder.Inbox), "Projects", "IPF.Note")).Value;
        var folders = await FoldersAsync(device);
        var ping = PingAsync(device, Body("120", folders["Projects"]));
        await HeldAsync();
        Assert.True((await _server.Store.DeleteFolderAsync(alice, projects.Id)).IsSuccess);
        Assert.Equal("7", (await ping).TopStatus);
    }
}
