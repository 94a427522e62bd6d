using System.Diagnostics;
using System.Net;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox;
using static Bourse.ActiveSync.Tests.Handlers.SyncTestKit;

namespace Bourse.ActiveSync.Tests.Handlers;

/// Sync (MS-ASCMD 2.2.1.21) over HTTPS against the real store: windows, both directions, retries, bad input, caching, Wait.
public sealed class SyncTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync(new Dictionary<string, string?>
    {
        // Short enough for a test to see a held request end on its own.
        ["Bourse:ActiveSync:MinHeartbeatSeconds"] = "2",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<EasDevice> DeviceAsync(string deviceId = "Dev1", string version = "14.1", string user = "alice") =>
        _server.DeviceAsync(user: user, deviceId: deviceId, version: version);

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC01_Sync_Success")]
    [Trait("Scenario", "MSASCMD_S19_TC02_Sync_MoreAvailable")]
    [Trait("Scenario", "MSASCMD_S19_TC17_Sync_WindowSize_MoreAvailable")]
    [Trait("Scenario", "MSASAIRS_S02_TC05_BodyPreference_NoAllOrNone_TruncatedContentReturned")]
    public async Task InitialSyncOf250MessagesComesInWindowsWithMoreAvailable()
    {
        await _server.SeedMailAsync("alice", 250, body: new string('x', 8000));
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);

        var initial = await device.SyncAsync(inbox, "0", options: PlainText());
        var first = initial.Collection(inbox);
        Assert.Equal("1", first.Status);
        Assert.Equal("1", first.SyncKey);
        Assert.Null(first.Element.Element("AirSync", "Commands"));

        var seen = new List<string>();
        var subjects = new HashSet<string>();
        var key = "1";
        foreach (var (expected, more) in new[] { (100, true), (100, true), (50, false) })
        {
            var c = (await device.SyncAsync(inbox, key, 100, PlainText())).Collection(inbox);
            Assert.Equal("1", c.Status);
            Assert.Equal((long.Parse(key) + 1).ToString(), c.SyncKey);
            Assert.Equal(expected, c.AddIds.Count);
            Assert.Equal(more, c.MoreAvailable);
            seen.AddRange(c.AddIds);
            foreach (var add in c.Commands("Add"))
            {
                subjects.Add(add.Find("Email:Subject")!.Text!);
                // MS-ASAIRS: the plain text body truncated to the 5,120 bytes asked for.
                var body = add.Find("AirSyncBase:Body")!;
                Assert.Equal("1", body.Value("AirSyncBase:Type"));
                Assert.Equal("1", body.Value("AirSyncBase:Truncated"));
                Assert.Equal(5120, body.Value("AirSyncBase:Data")!.Length);
            }

            key = c.SyncKey!;
        }

        Assert.Equal(250, seen.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"Message {i}").ToHashSet(), subjects);
        // Everything sent: the next round is an empty response and keeps the key.
        AssertEmpty(await device.SyncAsync(inbox, key, 100, PlainText()));
        AssertEmpty(await device.SyncAsync(inbox, key, 100, PlainText()));
    }

    [Fact]
    public async Task ADeliveryBetweenRoundsArrivesAsAdd()
    {
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, adds) = await device.FullSyncAsync(inbox);
        Assert.Empty(adds);
        await _server.DeliverAsync("alice", "Lunch on Friday?", "Shall we?");
        var c = (await device.SyncAsync(inbox, key)).Collection(inbox);
        var add = Assert.Single(c.Commands("Add"));
        Assert.Equal("Lunch on Friday?", add.Find("Email:Subject")!.Text);
        Assert.Equal("0", add.Find("Email:Read")!.Text);
        Assert.StartsWith(inbox + ":", add.Value("AirSync:ServerId"));
        AssertEmpty(await device.SyncAsync(inbox, c.SyncKey!));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC19_Sync_NoResponsesElement")]
    [Trait("Scenario", "MSASCMD_S19_TC27_Sync_Change")]
    public async Task ReadAndFlagChangesFromTheDeviceReachTheStoreAndAreNotEchoedBack()
    {
        var ids = await _server.SeedMailAsync("alice", 3);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, adds) = await device.FullSyncAsync(inbox);
        Assert.Equal(3, adds.Count);
        var inboxId = await _server.FolderAsync("alice", WellKnownFolder.Inbox);

        var r = await device.SyncAsync(inbox, key, commands: [ChangeRead(ServerId(inboxId, ids[0]), true), ChangeFlag(ServerId(inboxId, ids[1]), 2)]);
        var c = r.Collection(inbox);
        Assert.Equal("1", c.Status);
        // The device's own changes are not sent back to it, and a successful Change has no Responses entry.
        Assert.Empty(c.Commands("Change"));
        Assert.Empty(c.Responses("Change"));
        Assert.True((await _server.Store.GetItemAsync(alice, ids[0]))!.IsRead);
        Assert.Equal(FlagStatus.Flagged, (await _server.Store.GetItemAsync(alice, ids[1]))!.FlagStatus);
        Assert.False((await _server.Store.GetItemAsync(alice, ids[2]))!.IsRead);

        AssertEmpty(await device.SyncAsync(inbox, c.SyncKey!));

        // Unread again from the device, then a server-side change of the same item is sent.
        c = (await device.SyncAsync(inbox, c.SyncKey!, commands: [ChangeRead(ServerId(inboxId, ids[0]), false)])).Collection(inbox);
        Assert.Empty(c.Commands("Change"));
        Assert.False((await _server.Store.GetItemAsync(alice, ids[0]))!.IsRead);
        await _server.Store.SetReadAsync(alice, [ids[0]], true);
        var echo = (await device.SyncAsync(inbox, c.SyncKey!)).Collection(inbox);
        Assert.Equal([ServerId(inboxId, ids[0])], echo.ChangeIds);
    }

    [Fact]
    public async Task AServerSideReadChangeArrivesAsChange()
    {
        var ids = await _server.SeedMailAsync("alice", 2);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, _) = await device.FullSyncAsync(inbox);
        Assert.True((await _server.Store.SetReadAsync(alice, [ids[1]], true))[0].IsSuccess);
        var c = (await device.SyncAsync(inbox, key)).Collection(inbox);
        var change = Assert.Single(c.Commands("Change"));
        Assert.Equal(ServerId(await _server.FolderAsync("alice", WellKnownFolder.Inbox), ids[1]), change.Value("AirSync:ServerId"));
        Assert.Equal("1", change.Find("Email:Read")!.Text);
        Assert.Empty(c.Commands("Add"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC34_Sync_DeletesAsMovesIsTrue")]
    [Trait("Scenario", "MSASCMD_S19_TC35_Sync_DeletesAsMovesIsFalse")]
    [Trait("Scenario", "MSASCMD_S19_TC38_Sync_Delete")]
    public async Task DeleteFromTheDeviceMovesToDeletedItemsOrDeletesWithDeletesAsMovesOff()
    {
        var ids = await _server.SeedMailAsync("alice", 3);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inboxId = await _server.FolderAsync("alice", WellKnownFolder.Inbox);
        var deletedItems = await _server.FolderAsync("alice", WellKnownFolder.DeletedItems);
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, _) = await device.FullSyncAsync(inbox);

        var c = (await device.SyncAsync(inbox, key, commands: [Delete(ServerId(inboxId, ids[0]))])).Collection(inbox);
        Assert.Equal("1", c.Status);
        Assert.Empty(c.Responses("Delete"));
        // Not echoed back as a Delete.
        Assert.Empty(c.DeleteIds);
        Assert.Equal(deletedItems, (await _server.Store.GetItemAsync(alice, ids[0]))!.FolderId);

        c = (await device.SyncAsync(inbox, c.SyncKey!, commands: [Delete(ServerId(inboxId, ids[1]))], deletesAsMoves: false)).Collection(inbox);
        Assert.Empty(c.DeleteIds);
        Assert.Null(await _server.Store.GetItemAsync(alice, ids[1]));
        Assert.Equal(1, (await _server.Store.GetFolderAsync(alice, deletedItems))!.TotalCount);

        // An item that is not there (any more) is Status 8 for that Delete only.
        c = (await device.SyncAsync(inbox, c.SyncKey!, commands: [Delete(ServerId(inboxId, ids[1])), Delete(ServerId(inboxId, ids[2]))])).Collection(inbox);
        Assert.Equal("1", c.Status);
        var failed = Assert.Single(c.Responses("Delete"));
        Assert.Equal(ServerId(inboxId, ids[1]), failed.Value("AirSync:ServerId"));
        Assert.Equal("8", failed.Value("AirSync:Status"));
        Assert.Equal(deletedItems, (await _server.Store.GetItemAsync(alice, ids[2]))!.FolderId);
        AssertEmpty(await device.SyncAsync(inbox, c.SyncKey!));
    }

    [Fact]
    public async Task ARetryOfTheSameKeyAfterServerChangesReturnsTheSameItems()
    {
        await _server.SeedMailAsync("alice", 5);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        Assert.Equal("1", (await device.SyncAsync(inbox, "0")).Collection(inbox).SyncKey);
        var original = (await device.SyncAsync(inbox, "1", 3)).Collection(inbox);
        Assert.Equal(3, original.AddIds.Count);
        Assert.True(original.MoreAvailable);

        // The answer was lost; meanwhile mail arrives and one of the sent items is read elsewhere.
        await _server.DeliverAsync("alice", "Arrived meanwhile");
        var firstSent = original.AddIds[0];
        Assert.True(Bourse.ActiveSync.Mapping.ServerIds.TryParse(firstSent, out _, out var firstItem));
        await _server.Store.SetReadAsync(alice, [firstItem], true);

        var retry = (await device.SyncAsync(inbox, "1", 3)).Collection(inbox);
        Assert.Equal(original.SyncKey, retry.SyncKey);
        Assert.Equal(original.AddIds, retry.AddIds);
        Assert.True(retry.MoreAvailable);
        // The retried answer carries the item as it is now.
        Assert.Equal("1", retry.Commands("Add").First().Find("Email:Read")!.Text);

        // And from the key of the retried answer, the rest follows: 2 seeded items and the delivery, nothing twice.
        var rest = new List<string>();
        var key = retry.SyncKey!;
        while (true)
        {
            var r = await device.SyncAsync(inbox, key, 3);
            if (r.Body.Length == 0)
                break;
            var c = r.Collection(inbox);
            rest.AddRange(c.AddIds);
            key = c.SyncKey!;
            if (!c.MoreAvailable)
                break;
        }

        Assert.Equal(3, rest.Count);
        Assert.Empty(rest.Intersect(retry.AddIds));
        // Only the previous key is kept for a retry: key 1 is gone once the device moved on twice.
        Assert.Equal("3", (await device.SyncAsync(inbox, "1")).Collection(inbox).Status);
    }

    [Fact]
    public async Task ARetryOfARequestWithAddsAnswersTheSameServerIdsWithoutDuplicates()
    {
        var alice = (await _server.UserAsync("alice")).MailboxId;
        using var device = await _server.DeviceAsync(version: "16.1");
        var drafts = await device.FolderIdAsync(3);
        var inbox = (await _server.FolderAsync("alice", WellKnownFolder.Inbox)).Value.ToString();
        var (key, _) = await device.FullSyncAsync(drafts);
        var add = Wb.E("AirSync:Add", Wb.E("AirSync:ClientId", "c-1"), Wb.E("AirSync:ApplicationData",
            Wb.E("Email:To", "bob@bourse.test"), Wb.E("Email:Subject", "Draft from the phone"),
            Wb.E("AirSyncBase:Body", Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:Data", "Hello Bob"))));

        var first = (await device.SyncAsync(drafts, key, commands: [add])).Collection(drafts);
        var response = Assert.Single(first.Responses("Add"));
        Assert.Equal("c-1", response.Value("AirSync:ClientId"));
        Assert.Equal("1", response.Value("AirSync:Status"));
        var serverId = response.Value("AirSync:ServerId")!;
        // The device's own Add is not sent back to it.
        Assert.Empty(first.AddIds);

        var retry = (await device.SyncAsync(drafts, key, commands: [add])).Collection(drafts);
        Assert.Equal(first.SyncKey, retry.SyncKey);
        Assert.Equal(serverId, Assert.Single(retry.Responses("Add")).Value("AirSync:ServerId"));
        Assert.Empty(retry.AddIds);
        var draftsFolder = await _server.FolderAsync("alice", WellKnownFolder.Drafts);
        Assert.Equal(1, (await _server.Store.GetFolderAsync(alice, draftsFolder))!.TotalCount);
        AssertEmpty(await device.SyncAsync(drafts, retry.SyncKey!));

        // Mail cannot be added anywhere but Drafts.
        var (inboxKey, _) = await device.FullSyncAsync(inbox);
        var refused = (await device.SyncAsync(inbox, inboxKey, commands: [add])).Collection(inbox);
        Assert.Equal("6", Assert.Single(refused.Responses("Add")).Value("AirSync:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC25_Sync_Status6_AddEmail")]
    public async Task AnEmailAddBefore16IsAConversionError()
    {
        using var device = await DeviceAsync();
        var drafts = await device.FolderIdAsync(3);
        var (key, _) = await device.FullSyncAsync(drafts);
        var add = Wb.E("AirSync:Add", Wb.E("AirSync:ClientId", "1"), Wb.E("AirSync:ApplicationData", Wb.E("Email:Subject", "x")));
        var c = (await device.SyncAsync(drafts, key, commands: [add])).Collection(drafts);
        Assert.Equal("6", Assert.Single(c.Responses("Add")).Value("AirSync:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC36_Sync_Fetch")]
    public async Task FetchReturnsTheItemInResponses()
    {
        var ids = await _server.SeedMailAsync("alice", 1, _ => "Quarterly figures", body: "The figures are in.");
        var inboxId = await _server.FolderAsync("alice", WellKnownFolder.Inbox);
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, _) = await device.FullSyncAsync(inbox);
        var c = (await device.SyncAsync(inbox, key, options: PlainText(), commands: [Fetch(ServerId(inboxId, ids[0])), Fetch($"{inboxId.Value}:999999")],
            getChanges: false)).Collection(inbox);
        var fetches = c.Responses("Fetch").ToList();
        Assert.Equal(2, fetches.Count);
        Assert.Equal("1", fetches[0].Value("AirSync:Status"));
        Assert.Equal("Quarterly figures", fetches[0].Find("Email:Subject")!.Text);
        Assert.Equal("The figures are in.", fetches[0].Find("AirSyncBase:Data")!.Text?.TrimEnd());
        Assert.Equal("8", fetches[1].Value("AirSync:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC04_Sync_Status3")]
    [Trait("Scenario", "MSASCMD_S19_TC05_Sync_Status4")]
    [Trait("Scenario", "MSASCMD_S19_TC28_Sync_Change_InvalidServerId")]
    [Trait("Scenario", "MSASCMD_S19_TC29_Sync_HeartbeatIntervalAndWait_StatusIs4")]
    [Trait("Scenario", "MSASCMD_S19_TC52_Sync_Status8")]
    public async Task BadKeysCollectionsAndRequestsGetTheirStatus()
    {
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        // Read before syncing: a FolderSync from key 0 drops the device's collection states.
        var sentItems = (await _server.FolderAsync("alice", WellKnownFolder.SentItems)).Value.ToString();
        var (key, _) = await device.FullSyncAsync(inbox);

        Assert.Equal("3", (await device.SyncAsync(inbox, "77")).Collection(inbox).Status);
        Assert.Equal("3", (await device.SyncAsync(inbox, "abc")).Collection(inbox).Status);
        Assert.Equal("3", (await device.SyncAsync(inbox, "-1")).Collection(inbox).Status);
        Assert.Equal("8", (await device.SyncAsync("999999", "0")).Collection("999999").Status);
        Assert.Equal("8", (await device.SyncAsync("not-a-folder", "1")).Collection("not-a-folder").Status);
        // MS-ASCMD 2.2.3.177.17: a collection without SyncKey is a protocol error.
        var noKey = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection", Wb.E("AirSync:CollectionId", inbox)))));
        Assert.Equal("4", noKey.TopStatus);
        // Wait and HeartbeatInterval together: 4.
        var both = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(inbox, key)), Wb.E("AirSync:Wait", "1"),
            Wb.E("AirSync:HeartbeatInterval", "60")));
        Assert.Equal("4", both.TopStatus);
        // Not WBXML at all, and WBXML of another command.
        var garbage = await device.SendRawAsync("Sync", new ByteArrayContent([0x03, 0x01, 0x6A, 0x00, 0x45, 0xFF, 0xFF]));
        Assert.Equal(HttpStatusCode.OK, garbage.Status);
        Assert.Equal("102", garbage.TopStatus);
        Assert.Equal("103", (await device.SendAsync("Sync", Wb.E("FolderHierarchy:FolderSync", Wb.E("FolderHierarchy:SyncKey", "0")))).TopStatus);
        // Commands with ServerIds of another folder or not ours in form: 8 each, the collection goes on.
        var c = (await device.SyncAsync(inbox, key, commands: [ChangeRead($"{sentItems}:5", true), Delete("garbage"), Fetch("1:2:3")])).Collection(inbox);
        Assert.Equal("1", c.Status);
        Assert.Equal("8", Assert.Single(c.Responses("Change")).Value("AirSync:Status"));
        Assert.Equal("8", Assert.Single(c.Responses("Delete")).Value("AirSync:Status"));
        Assert.Equal("8", Assert.Single(c.Responses("Fetch")).Value("AirSync:Status"));
        // The key it ended on works afterwards.
        AssertEmpty(await device.SyncAsync(inbox, c.SyncKey!));
    }

    [Fact]
    public async Task AnotherDevicesKeyIsInvalidAndAGoneFolderIsAHierarchyChange()
    {
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        using var other = await DeviceAsync("Other2");
        var (key, _) = await device.FullSyncAsync(inbox);
        Assert.Equal("3", (await other.SyncAsync(inbox, key)).Collection(inbox).Status);
        // Bob's device of the same DeviceId has no state in Alice's mailbox.
        using var bob = await DeviceAsync("Dev1", user: "bob");
        var bobInbox = await bob.FolderIdAsync(2);
        Assert.Equal("3", (await bob.SyncAsync(bobInbox, key)).Collection(bobInbox).Status);

        var alice = (await _server.UserAsync("alice")).MailboxId;
        var projects = (await _server.Store.CreateFolderAsync(alice, await _server.FolderAsync("alice", WellKnownFolder.Inbox), "Projects", "IPF.Note")).Value;
        var projectsId = projects.Id.Value.ToString();
        var (projectsKey, _) = await device.FullSyncAsync(projectsId);
        Assert.True((await _server.Store.DeleteFolderAsync(alice, projects.Id)).IsSuccess);
        Assert.Equal("12", (await device.SyncAsync(projectsId, projectsKey)).Collection(projectsId).Status);
    }

    [Fact]
    public async Task SyncKeyZeroStartsTheCollectionOver()
    {
        await _server.SeedMailAsync("alice", 4);
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, adds) = await device.FullSyncAsync(inbox);
        Assert.Equal(4, adds.Count);
        Assert.Equal("2", key);
        var (again, addsAgain) = await device.FullSyncAsync(inbox);
        Assert.Equal("2", again);
        // Everything again, under the same ServerIds.
        Assert.Equal(adds.Select(a => a.Value("AirSync:ServerId")).Order(), addsAgain.Select(a => a.Value("AirSync:ServerId")).Order());
        AssertEmpty(await device.SyncAsync(inbox, again));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC40_Sync_Conflict")]
    public async Task AConflictingChangeLosesToTheServerAndTheServerVersionIsSent()
    {
        var ids = await _server.SeedMailAsync("alice", 1);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inboxId = await _server.FolderAsync("alice", WellKnownFolder.Inbox);
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, _) = await device.FullSyncAsync(inbox);
        await _server.Store.SetReadAsync(alice, [ids[0]], true);
        var c = (await device.SyncAsync(inbox, key, commands: [ChangeFlag(ServerId(inboxId, ids[0]), 2)])).Collection(inbox);
        Assert.Equal("7", Assert.Single(c.Responses("Change")).Value("AirSync:Status"));
        Assert.Equal(FlagStatus.NotFlagged, (await _server.Store.GetItemAsync(alice, ids[0]))!.FlagStatus);
        Assert.Equal("1", Assert.Single(c.Commands("Change")).Find("Email:Read")!.Text);

        // With Conflict 0 the client's change wins.
        await _server.Store.SetReadAsync(alice, [ids[0]], false);
        c = (await device.SyncAsync(inbox, c.SyncKey!, options: PlainText(conflict: 0), commands: [ChangeFlag(ServerId(inboxId, ids[0]), 2)])).Collection(inbox);
        Assert.Empty(c.Responses("Change"));
        Assert.Equal(FlagStatus.Flagged, (await _server.Store.GetItemAsync(alice, ids[0]))!.FlagStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC06_Sync_Status13")]
    public async Task AnEmptyRequestReusesTheCachedOneAndWithoutACacheIsStatus13()
    {
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var sent = (await _server.FolderAsync("alice", WellKnownFolder.SentItems)).Value.ToString();
        using var fresh = await _server.DeviceAsync(deviceId: "Fresh1");
        Assert.Equal("13", (await fresh.SendAsync("Sync", null)).TopStatus);
        Assert.Equal("13", (await fresh.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Partial")))).TopStatus);

        var (key, _) = await device.FullSyncAsync(inbox, options: PlainText(truncation: 10));
        AssertEmpty(await device.SyncAsync(inbox, key, options: PlainText(truncation: 10)));
        AssertEmpty(await device.SendAsync("Sync", null));

        await _server.DeliverAsync("alice", "While idle", "A long body that gets truncated.");
        var r = await device.SendAsync("Sync", null);
        var c = r.Collection(inbox);
        Assert.Equal((long.Parse(key) + 1).ToString(), c.SyncKey);
        var add = Assert.Single(c.Commands("Add"));
        // The cached Options (truncation 10) apply.
        Assert.Equal(10, add.Find("AirSyncBase:Data")!.Text!.Length);

        // The cache follows the keys it hands out.
        await _server.DeliverAsync("alice", "Second");
        c = (await device.SendAsync("Sync", null)).Collection(inbox);
        Assert.Equal((long.Parse(key) + 2).ToString(), c.SyncKey);

        // A partial request naming another collection keeps the cached Inbox.
        await _server.DeliverAsync("alice", "Third");
        var partial = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(sent, "0")), Wb.E("AirSync:Partial")));
        Assert.Equal("1", partial.Collection(sent).SyncKey);
        Assert.Equal("Third", Assert.Single(partial.Collection(inbox).Commands("Add")).Find("Email:Subject")!.Text);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC07_Sync_HeartbeatInterval_Status14")]
    [Trait("Scenario", "MSASCMD_S19_TC31_Sync_Limit_WaitIsGreaterThan59")]
    [Trait("Scenario", "MSASCMD_S19_TC47_Sync_Wait_Status14")]
    public async Task WaitHoldsTheRequestUntilADeliveryAndHeartbeatOutOfRangeGetsTheLimit()
    {
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, _) = await device.FullSyncAsync(inbox);

        var limit = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(inbox, key)), Wb.E("AirSync:HeartbeatInterval", "1")));
        Assert.Equal("14", limit.TopStatus);
        Assert.Equal("2", limit.Root!.Value("AirSync:Limit"));
        var tooLong = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(inbox, key)), Wb.E("AirSync:Wait", "600")));
        Assert.Equal("14", tooLong.TopStatus);
        Assert.Equal("59", tooLong.Root!.Value("AirSync:Limit"));

        var watch = Stopwatch.StartNew();
        var held = device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(inbox, key)), Wb.E("AirSync:HeartbeatInterval", "60")));
        await Task.Delay(700);
        Assert.False(held.IsCompleted, "the request is held while nothing changes");
        // A change elsewhere in the mailbox does not end it.
        await _server.SeedMailAsync("alice", 1, folder: WellKnownFolder.SentItems);
        await Task.Delay(300);
        Assert.False(held.IsCompleted);
        await _server.DeliverAsync("alice", "Wake up");
        var r = await held.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal("Wake up", Assert.Single(r.Collection(inbox).Commands("Add")).Find("Email:Subject")!.Text);

        // With nothing happening the held request ends empty after the interval (2 s is the configured minimum).
        watch.Restart();
        var quiet = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(inbox, r.Collection(inbox).SyncKey!)),
            Wb.E("AirSync:HeartbeatInterval", "2")));
        AssertEmpty(quiet);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.8), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task ANewSyncFromTheDeviceEndsItsHeldRequest()
    {
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, _) = await device.FullSyncAsync(inbox);
        var held = device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(inbox, key)), Wb.E("AirSync:HeartbeatInterval", "60")));
        await Task.Delay(500);
        Assert.False(held.IsCompleted);
        using var second = new EasDevice(_server.CreateHttpClient(), "alice", device.DeviceId, "SmartPhone", device.Version) { PolicyKey = device.PolicyKey };
        AssertEmpty(await second.SyncAsync(inbox, key));
        AssertEmpty(await held.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC11_Sync_Email_FilterType")]
    [Trait("Scenario", "MSASCMD_S19_TC49_Sync_SoftDelete")]
    public async Task FilterTypeKeepsOldMailOutAndSoftDeletesWhatLeavesTheWindow()
    {
        var old = await _server.SeedMailAsync("alice", 3, i => $"Old {i}", received: DateTime.UtcNow.AddDays(-10));
        var recent = await _server.SeedMailAsync("alice", 2, i => $"Recent {i}", received: DateTime.UtcNow.AddHours(-2));
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inboxId = await _server.FolderAsync("alice", WellKnownFolder.Inbox);
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        // FilterType 3: one week.
        var (key, adds) = await device.FullSyncAsync(inbox, options: PlainText(filterType: 3));
        Assert.Equal(["Recent 0", "Recent 1"], adds.Select(a => a.Find("Email:Subject")!.Text!).Order().ToArray());

        // Changes and deletions of items outside the window are not sent; an item moved into the past leaves with SoftDelete.
        await _server.Store.SetReadAsync(alice, [old[0]], true);
        await _server.Store.DeleteItemsAsync(alice, [old[1]]);
        var changes = new Bourse.Core.Properties.PropertyChanges().With(Bourse.Core.Properties.PropTags.MessageDeliveryTime,
            Bourse.Core.Properties.PropertyValue.SysTime(DateTime.UtcNow.AddDays(-30)));
        Assert.True((await _server.Store.UpdateItemAsync(alice, recent[0], changes)).IsSuccess);
        var c = (await device.SyncAsync(inbox, key, options: PlainText(filterType: 3))).Collection(inbox);
        Assert.Equal([ServerId(inboxId, recent[0])], c.SoftDeleteIds);
        Assert.Empty(c.DeleteIds);
        Assert.Empty(c.ChangeIds);
        Assert.Empty(c.AddIds);

        // A different FilterType needs a fresh sync.
        Assert.Equal("3", (await device.SyncAsync(inbox, c.SyncKey!, options: PlainText(filterType: 0))).Collection(inbox).Status);
    }

    [Fact]
    public async Task ARequestWideWindowSizeBoundsAllCollections()
    {
        await _server.SeedMailAsync("alice", 5);
        await _server.SeedMailAsync("alice", 5, folder: WellKnownFolder.SentItems);
        using var device = await _server.DeviceAsync(version: "16.1");
        var inbox = await device.FolderIdAsync(2);
        var sent = (await _server.FolderAsync("alice", WellKnownFolder.SentItems)).Value.ToString();
        var init = await device.SendAsync("Sync", Request(Collection(inbox, "0"), Collection(sent, "0")));
        Assert.Equal("1", init.Collection(inbox).SyncKey);
        Assert.Equal("1", init.Collection(sent).SyncKey);
        var r = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(inbox, "1"), Collection(sent, "1")), Wb.E("AirSync:WindowSize", "7")));
        var a = r.Collection(inbox);
        var b = r.Collection(sent);
        Assert.Equal(5, a.AddIds.Count);
        Assert.False(a.MoreAvailable);
        Assert.Equal(2, b.AddIds.Count);
        Assert.True(b.MoreAvailable);
    }

    [Fact]
    public async Task TheDevicePositionIsTheLatestStateForPingAndEstimates()
    {
        await _server.SeedMailAsync("alice", 3);
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var positions = new Bourse.ActiveSync.State.CollectionStateStore(new Bourse.ActiveSync.State.EasStateStore(_server.Store));
        Assert.Null(await positions.GetLastChangeNumberAsync(alice, "dev1", inbox, default));
        Assert.Equal("1", (await device.SyncAsync(inbox, "0")).Collection(inbox).SyncKey);
        Assert.Equal(0, await positions.GetLastChangeNumberAsync(alice, "dev1", inbox, default));
        await device.FullSyncAsync(inbox);
        Assert.Equal((await _server.Store.GetMailboxAsync(alice))!.LastChangeNumber, await positions.GetLastChangeNumberAsync(alice, "dev1", inbox, default));
        Assert.Null(await positions.GetLastChangeNumberAsync(alice, "other2", inbox, default));
    }

    [Fact]
    public async Task ChangesInOtherFoldersKeepTheAnswerEmptyAndTheKeyUntilThisFolderChanges()
    {
        var ids = await _server.SeedMailAsync("alice", 2);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, _) = await device.FullSyncAsync(inbox);
        await _server.SeedMailAsync("alice", 3, folder: WellKnownFolder.SentItems);
        AssertEmpty(await device.SyncAsync(inbox, key));
        AssertEmpty(await device.SyncAsync(inbox, key));
        await _server.Store.SetReadAsync(alice, [ids[0]], true);
        var c = (await device.SyncAsync(inbox, key)).Collection(inbox);
        Assert.Equal((long.Parse(key) + 1).ToString(), c.SyncKey);
        Assert.Single(c.ChangeIds);
        AssertEmpty(await device.SyncAsync(inbox, c.SyncKey!));
    }

    [Fact]
    public async Task A121DeviceSyncsWithTheClassInItsCollections()
    {
        await _server.SeedMailAsync("alice", 2);
        using var device = await DeviceAsync(version: "12.1");
        var inbox = await device.FolderIdAsync(2);
        var first = (await device.SendAsync("Sync", Request(Wb.E("AirSync:Collection", Wb.E("AirSync:Class", "Email"),
            Wb.E("AirSync:SyncKey", "0"), Wb.E("AirSync:CollectionId", inbox))))).Collection(inbox);
        Assert.Equal("Email", first.Element.Value("AirSync:Class"));
        var c = (await device.SendAsync("Sync", Request(Wb.E("AirSync:Collection", Wb.E("AirSync:Class", "Email"),
            Wb.E("AirSync:SyncKey", first.SyncKey!), Wb.E("AirSync:CollectionId", inbox), Wb.E("AirSync:GetChanges"))))).Collection(inbox);
        Assert.Equal("Email", c.Element.Value("AirSync:Class"));
        Assert.Equal(2, c.AddIds.Count);
    }

    [Fact]
    public async Task MangledRequestsGetAStatusNeverAServerError()
    {
        var ids = await _server.SeedMailAsync("alice", 5);
        var inboxId = await _server.FolderAsync("alice", WellKnownFolder.Inbox);
        using var device = await DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var (key, _) = await device.FullSyncAsync(inbox);
        var random = new Random(7);
        string[] texts = ["", "0", "1", "-1", "4294967296", "99999999999999999999", "abc", key, inbox, $"{inbox}:{ids[0].Value}", "1:2",
            new string('9', 300), "\u00e9\u00e8", ServerId(inboxId, ids[1])];
        for (var round = 0; round < 150; round++)
        {
            var request = Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Collection(inbox, key, 5, PlainText(filterType: random.Next(3) == 0 ? 3 : null),
                [ChangeRead(ServerId(inboxId, ids[random.Next(ids.Count)]), true), Delete(ServerId(inboxId, ids[random.Next(ids.Count)])),
                    Fetch(ServerId(inboxId, ids[random.Next(ids.Count)])),
                    Wb.E("AirSync:Add", Wb.E("AirSync:ClientId", "x"), Wb.E("AirSync:ApplicationData", Wb.E("Email:Subject", "s")))])),
                random.Next(4) == 0 ? Wb.E("AirSync:WindowSize", texts[random.Next(texts.Length)]) : null);
            // Replace the text of a few random leaves and drop a few random elements.
            var all = new List<Bourse.ActiveSync.Codec.WbxmlElement>();
            void Walk(Bourse.ActiveSync.Codec.WbxmlElement e)
            {
                all.Add(e);
                foreach (var child in e.Children)
                    Walk(child);
            }

            Walk(request);
            for (var m = 0; m < 3; m++)
            {
                var target = all[random.Next(all.Count)];
                if (target.Children.Count == 0)
                    target.Text = texts[random.Next(texts.Length)];
            }

            var r = await device.SendAsync("Sync", Prune(request, random));
            Assert.Equal(HttpStatusCode.OK, r.Status);
            Assert.DoesNotContain(r.Root?.FindAll("AirSync:Status").Select(e => e.Text) ?? [], t => t is "110" or "111" or "5");
            Assert.NotEqual("111", r.TopStatus);
            // Keep following the collection when the answer moved it on.
            if (r.Root?.FindAll("AirSync:Collection").FirstOrDefault(c => c.Value("AirSync:CollectionId") == inbox) is { } moved &&
                moved.Value("AirSync:Status") == "1" && moved.Value("AirSync:SyncKey") is { } next)
                key = next;
        }
    }

    /// A copy of the tree without a random few of its elements (never the root).
    private static Bourse.ActiveSync.Codec.WbxmlElement Prune(Bourse.ActiveSync.Codec.WbxmlElement element, Random random)
    {
        var copy = Wb.E($"{element.Namespace}:{element.Name}", element.Text);
        foreach (var child in element.Children)
        {
            if (random.Next(12) != 0)
                copy.Add(Prune(child, random));
        }

        return copy;
    }
}
