using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;

namespace Bourse.ActiveSync.Tests.Handlers;

/// FolderSync (MS-ASCMD 2.2.1.5) over HTTPS: initial hierarchy, changes, retries of the same key, bad keys.
public sealed class FolderSyncTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC01_FolderSync_SyncKey0")]
    public async Task InitialSyncListsTheIpmFoldersWithTheirTypesParentsFirst()
    {
        using var device = await _server.DeviceAsync();
        var r = await device.FolderSyncAsync();
        Assert.Equal("1", r.TopStatus);
        Assert.Equal("1", r.Root!.Value("FolderHierarchy:SyncKey"));
        var adds = r.Root!.FindAll("FolderHierarchy:Add").ToList();
        Assert.Equal(adds.Count.ToString(), r.Root!.Find("FolderHierarchy:Count")!.Text);
        var byName = adds.ToDictionary(a => a.Value("FolderHierarchy:DisplayName")!, a => a);
        Assert.Equal("2", byName["Inbox"].Value("FolderHierarchy:Type"));
        Assert.Equal("3", byName["Drafts"].Value("FolderHierarchy:Type"));
        Assert.Equal("4", byName["Deleted Items"].Value("FolderHierarchy:Type"));
        Assert.Equal("5", byName["Sent Items"].Value("FolderHierarchy:Type"));
        Assert.Equal("8", byName["Calendar"].Value("FolderHierarchy:Type"));
        Assert.Equal("9", byName["Contacts"].Value("FolderHierarchy:Type"));
        Assert.All(adds, a => Assert.Equal("0", a.Value("FolderHierarchy:ParentId")));
        Assert.DoesNotContain("Finder", byName.Keys);
        Assert.DoesNotContain("Top of Information Store", byName.Keys);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC02_FolderSync_NoChanged")]
    [Trait("Scenario", "MSASCMD_S04_TC08_FolderSync_UpdateFolder")]
    [Trait("Scenario", "MSASCMD_S04_TC09_FolderSync_DeleteFolder")]
    public async Task ChangesComeAsAddUpdateDeleteAndARetryOfTheSameKeyGetsTheSameAnswer()
    {
        using var device = await _server.DeviceAsync();
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var initial = await device.FolderSyncAsync();
        Assert.Equal("1", initial.Root!.Value("FolderHierarchy:SyncKey"));

        // Nothing changed: same key, no changes.
        var quiet = await device.FolderSyncAsync("1");
        Assert.Equal("1", quiet.Root!.Value("FolderHierarchy:SyncKey"));
        Assert.Equal("0", quiet.Root!.Find("FolderHierarchy:Count")!.Text);

        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!;
        var projects = (await _server.Store.CreateFolderAsync(alice, inbox.Id, "Projects", "IPF.Note")).Value;
        var trips = (await _server.Store.CreateFolderAsync(alice, inbox.Id, "Trips", "IPF.Appointment")).Value;
        var changed = await device.FolderSyncAsync("1");
        Assert.Equal("2", changed.Root!.Value("FolderHierarchy:SyncKey"));
        var adds = changed.Root!.FindAll("FolderHierarchy:Add").ToList();
        Assert.Equal(2, adds.Count);
        Assert.Equal(inbox.Id.Value.ToString(), adds[0].Value("FolderHierarchy:ParentId"));
        Assert.Equal("12", adds.Single(a => a.Value("FolderHierarchy:DisplayName") == "Projects").Value("FolderHierarchy:Type"));
        Assert.Equal("13", adds.Single(a => a.Value("FolderHierarchy:DisplayName") == "Trips").Value("FolderHierarchy:Type"));

        // The response was lost: the device sends key 1 again and gets the same changes and key.
        var retry = await device.FolderSyncAsync("1");
        Assert.Equal("2", retry.Root!.Value("FolderHierarchy:SyncKey"));
        Assert.True(changed.Root!.StructurallyEquals(retry.Root!), $"{changed.Root}\n{retry.Root}");

        Assert.True((await _server.Store.UpdateFolderAsync(alice, projects.Id, new Bourse.Storage.FolderUpdate("Projects 2027"))).IsSuccess);
        Assert.True((await _server.Store.DeleteFolderAsync(alice, trips.Id)).IsSuccess);
        var next = await device.FolderSyncAsync("2");
        Assert.Equal("3", next.Root!.Value("FolderHierarchy:SyncKey"));
        Assert.Equal("Projects 2027", next.Root!.Find("FolderHierarchy:Update")!.Value("FolderHierarchy:DisplayName"));
        Assert.Equal(trips.Id.Value.ToString(), next.Root!.Find("FolderHierarchy:Delete")!.Value("FolderHierarchy:ServerId"));

        // Key 1 is gone once the device moved on to 3 (only the previous key is kept for a retry).
        Assert.Equal("9", (await device.FolderSyncAsync("1")).TopStatus);
        Assert.Equal("1", (await device.FolderSyncAsync("2")).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC06_FolderSync_Status10")]
    public async Task UnknownOrMalformedKeysAndOtherDevicesKeys()
    {
        using var device = await _server.DeviceAsync();
        using var other = await _server.DeviceAsync(deviceId: "Other2");
        Assert.Equal("9", (await device.FolderSyncAsync("7")).TopStatus);
        Assert.Equal("9", (await device.FolderSyncAsync("abc")).TopStatus);
        Assert.Equal("10", (await device.SendAsync("FolderSync", Wb.E("FolderHierarchy:FolderSync"))).TopStatus);
        await other.FolderSyncAsync();
        // Device Dev1 never got key 1: another device's key is not its own.
        Assert.Equal("9", (await device.FolderSyncAsync("1")).TopStatus);

        // Bob's device does not see Alice's state, nor her folders.
        using var bob = await _server.DeviceAsync(user: "bob", deviceId: "Dev1");
        Assert.Equal("9", (await bob.FolderSyncAsync("1")).TopStatus);
    }
}
