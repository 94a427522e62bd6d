using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;

namespace Bourse.ActiveSync.Tests.Handlers;

/// FolderCreate, FolderUpdate and FolderDelete (MS-ASCMD 2.2.1.3, 2.2.1.6, 2.2.1.4) over HTTPS, and how they move the hierarchy SyncKey.
public sealed class FolderCommandsTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> CreateAsync(EasDevice device, string syncKey, string parentId, string name, string type) =>
        device.SendAsync("FolderCreate", Wb.E("FolderHierarchy:FolderCreate",
            Wb.E("FolderHierarchy:SyncKey", syncKey), Wb.E("FolderHierarchy:ParentId", parentId),
            Wb.E("FolderHierarchy:DisplayName", name), Wb.E("FolderHierarchy:Type", type)));

    private static Task<EasResponse> UpdateAsync(EasDevice device, string syncKey, string serverId, string parentId, string name) =>
        device.SendAsync("FolderUpdate", Wb.E("FolderHierarchy:FolderUpdate",
            Wb.E("FolderHierarchy:SyncKey", syncKey), Wb.E("FolderHierarchy:ServerId", serverId),
            Wb.E("FolderHierarchy:ParentId", parentId), Wb.E("FolderHierarchy:DisplayName", name)));

    private static Task<EasResponse> DeleteAsync(EasDevice device, string syncKey, string serverId) =>
        device.SendAsync("FolderDelete", Wb.E("FolderHierarchy:FolderDelete",
            Wb.E("FolderHierarchy:SyncKey", syncKey), Wb.E("FolderHierarchy:ServerId", serverId)));

    private static string IdOf(EasResponse folderSync, string displayName) =>
        folderSync.Root!.FindAll("FolderHierarchy:Add").Single(a => a.Value("FolderHierarchy:DisplayName") == displayName).Value("FolderHierarchy:ServerId")!;

    [Fact]
    [Trait("Scenario", "MSASCMD_S02_TC01_FolderCreate_Success")]
    public async Task CreatedFolderIsNotEchoedToItsDeviceButOtherChangesAndOtherDevicesSeeIt()
    {
        using var phone = await _server.DeviceAsync();
        using var tablet = await _server.DeviceAsync(deviceId: "Tab2");
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.Equal("1", (await phone.FolderSyncAsync()).Root!.Value("FolderHierarchy:SyncKey"));
        await tablet.FolderSyncAsync();

        // A change made elsewhere after the phone's key must still reach the phone.
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!;
        var other = (await _server.Store.CreateFolderAsync(alice, inbox.Id, "From Outlook", "IPF.Note")).Value;

        var created = await CreateAsync(phone, "1", "0", "Projects", "12");
        Assert.Equal("1", created.TopStatus);
        Assert.Equal("2", created.Root!.Value("FolderHierarchy:SyncKey"));
        var serverId = created.Root!.Value("FolderHierarchy:ServerId")!;
        var folder = await _server.Store.GetFolderAsync(alice, new Core.Ids.FolderId(long.Parse(serverId)));
        Assert.NotNull(folder);
        Assert.Equal("Projects", folder.DisplayName);
        Assert.Equal("IPF.Note", folder.ContainerClass);

        var next = await phone.FolderSyncAsync("2");
        Assert.Equal("1", next.TopStatus);
        var adds = next.Root!.FindAll("FolderHierarchy:Add").ToList();
        Assert.Equal(other.Id.Value.ToString(), Assert.Single(adds).Value("FolderHierarchy:ServerId"));
        Assert.Equal("3", next.Root!.Value("FolderHierarchy:SyncKey"));

        var seen = await tablet.FolderSyncAsync("1");
        var projects = seen.Root!.FindAll("FolderHierarchy:Add").Single(a => a.Value("FolderHierarchy:ServerId") == serverId);
        Assert.Equal("Projects", projects.Value("FolderHierarchy:DisplayName"));
        Assert.Equal("0", projects.Value("FolderHierarchy:ParentId"));
        Assert.Equal("12", projects.Value("FolderHierarchy:Type"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S02_TC03_FolderCreate_Status2")]
    [Trait("Scenario", "MSASCMD_S02_TC04_FolderCreate_Status5")]
    [Trait("Scenario", "MSASCMD_S02_TC06_FolderCreate_Status10")]
    public async Task CreateStatusesForDuplicatesUnknownParentsBadTypesAndKeys()
    {
        using var phone = await _server.DeviceAsync();
        var sync = await phone.FolderSyncAsync();
        var inboxId = IdOf(sync, "Inbox");

        var calendar = await CreateAsync(phone, "1", inboxId, "Trips", "13");
        Assert.Equal("1", calendar.TopStatus);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var trips = await _server.Store.GetFolderAsync(alice, new Core.Ids.FolderId(long.Parse(calendar.Root!.Value("FolderHierarchy:ServerId")!)));
        Assert.Equal("IPF.Appointment", trips!.ContainerClass);
        Assert.Equal(inboxId, trips.ParentId!.Value.Value.ToString());

        // MS-ASCMD 2.2.3.177.3: 2 already exists (names compare without case), 5 parent not found, 9 bad or malformed key, 10 malformed request.
        Assert.Equal("2", (await CreateAsync(phone, "2", inboxId, "TRIPS", "12")).TopStatus);
        Assert.Equal("5", (await CreateAsync(phone, "2", "999999", "X", "12")).TopStatus);
        Assert.Equal("10", (await CreateAsync(phone, "2", "0", "X", "2")).TopStatus);
        Assert.Equal("10", (await CreateAsync(phone, "2", "0", "X", "abc")).TopStatus);
        Assert.Equal("10", (await CreateAsync(phone, "2", "0", "   ", "12")).TopStatus);
        Assert.Equal("9", (await CreateAsync(phone, "7", "0", "X", "12")).TopStatus);
        Assert.Equal("9", (await CreateAsync(phone, "0", "0", "X", "12")).TopStatus);
        Assert.Equal("9", (await CreateAsync(phone, "x", "0", "X", "12")).TopStatus);
        // A folder outside the device's hierarchy (the non-IPM root) is no parent.
        var root = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Root))!;
        Assert.Equal("5", (await CreateAsync(phone, "2", root.Id.Value.ToString(), "X", "12")).TopStatus);
        Assert.DoesNotContain((await _server.Store.GetFoldersAsync(alice)), f => f.DisplayName == "X");

        // Refusals do not move the key: 2 is still the current one.
        Assert.Equal("0", (await phone.FolderSyncAsync("2")).Root!.Find("FolderHierarchy:Count")!.Text);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S03_TC02_FolderDelete_Status3")]
    [Trait("Scenario", "MSASCMD_S03_TC03_FolderDelete_Status4")]
    [Trait("Scenario", "MSASCMD_S05_TC02_FolderUpdate_Status2")]
    [Trait("Scenario", "MSASCMD_S05_TC03_FolderUpdate_Status4")]
    public async Task SpecialFoldersCannotBeRenamedMovedOrDeleted()
    {
        using var phone = await _server.DeviceAsync();
        var sync = await phone.FolderSyncAsync();
        var inboxId = IdOf(sync, "Inbox");
        var draftsId = IdOf(sync, "Drafts");

        // MS-ASCMD 2.2.3.177.6: 2 for a special folder; 2.2.3.177.4: 3 for a special folder.
        Assert.Equal("2", (await UpdateAsync(phone, "1", inboxId, "0", "My Inbox")).TopStatus);
        Assert.Equal("2", (await UpdateAsync(phone, "1", draftsId, inboxId, "Drafts")).TopStatus);
        Assert.Equal("3", (await DeleteAsync(phone, "1", inboxId)).TopStatus);
        Assert.Equal("4", (await DeleteAsync(phone, "1", "999999")).TopStatus);
        Assert.Equal("4", (await UpdateAsync(phone, "1", "999999", "0", "X")).TopStatus);

        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!;
        Assert.Equal("Inbox", inbox.DisplayName);
        var drafts = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Drafts))!;
        Assert.NotEqual(inbox.Id, drafts.ParentId);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S03_TC01_FolderDelete_Success")]
    [Trait("Scenario", "MSASCMD_S05_TC01_FolderUpdate_Success")]
    [Trait("Scenario", "MSASCMD_S05_TC07_FolderUpdate_Moves")]
    [Trait("Scenario", "MSASCMD_S04_TC08_FolderSync_UpdateFolder")]
    [Trait("Scenario", "MSASCMD_S04_TC09_FolderSync_DeleteFolder")]
    public async Task RenameMoveAndDeleteAreNotEchoedButReachOtherDevices()
    {
        using var phone = await _server.DeviceAsync();
        using var tablet = await _server.DeviceAsync(deviceId: "Tab2");
        var sync = await phone.FolderSyncAsync();
        var inboxId = IdOf(sync, "Inbox");
        var created = await CreateAsync(phone, "1", "0", "Work", "12");
        var workId = created.Root!.Value("FolderHierarchy:ServerId")!;
        var child = await CreateAsync(phone, "2", workId, "Reports", "12");
        Assert.Equal("3", child.Root!.Value("FolderHierarchy:SyncKey"));
        var childId = child.Root!.Value("FolderHierarchy:ServerId")!;
        await tablet.FolderSyncAsync();

        // Rename and move under the Inbox at once.
        var updated = await UpdateAsync(phone, "3", workId, inboxId, "Work 2027");
        Assert.Equal("1", updated.TopStatus);
        Assert.Equal("4", updated.Root!.Value("FolderHierarchy:SyncKey"));
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var work = (await _server.Store.GetFolderAsync(alice, new Core.Ids.FolderId(long.Parse(workId))))!;
        Assert.Equal("Work 2027", work.DisplayName);
        Assert.Equal(inboxId, work.ParentId!.Value.Value.ToString());
        Assert.Equal("0", (await phone.FolderSyncAsync("4")).Root!.Find("FolderHierarchy:Count")!.Text);
        var tabletSeen = await tablet.FolderSyncAsync("1");
        var update = Assert.Single(tabletSeen.Root!.FindAll("FolderHierarchy:Update"));
        Assert.Equal(workId, update.Value("FolderHierarchy:ServerId"));
        Assert.Equal(inboxId, update.Value("FolderHierarchy:ParentId"));
        Assert.Equal("Work 2027", update.Value("FolderHierarchy:DisplayName"));

        // Moving a folder below itself is refused and changes nothing; so is a name taken in the destination.
        Assert.Equal("10", (await UpdateAsync(phone, "4", workId, childId, "Work 2027")).TopStatus);
        await CreateAsync(phone, "4", "0", "Taken", "12");
        Assert.Equal("2", (await UpdateAsync(phone, "5", childId, "0", "taken")).TopStatus);

        // Deleting the folder removes its subfolder too; the phone is not told, the tablet is.
        var deleted = await DeleteAsync(phone, "5", workId);
        Assert.Equal("1", deleted.TopStatus);
        Assert.Equal("6", deleted.Root!.Value("FolderHierarchy:SyncKey"));
        Assert.Null(await _server.Store.GetFolderAsync(alice, new Core.Ids.FolderId(long.Parse(childId))));
        Assert.Equal("0", (await phone.FolderSyncAsync("6")).Root!.Find("FolderHierarchy:Count")!.Text);
        var gone = await tablet.FolderSyncAsync("2");
        var deletes = gone.Root!.FindAll("FolderHierarchy:Delete").Select(d => d.Value("FolderHierarchy:ServerId")).ToHashSet();
        Assert.Contains(workId, deletes);
        Assert.Contains(childId, deletes);
    }

    [Fact]
    public async Task AnotherUsersFolderIsNotFound()
    {
        using var alicePhone = await _server.DeviceAsync();
        var created = await CreateAsync(alicePhone, (await alicePhone.FolderSyncAsync()).Root!.Value("FolderHierarchy:SyncKey")!, "0", "Private", "12");
        var privateId = created.Root!.Value("FolderHierarchy:ServerId")!;

        using var bobPhone = await _server.DeviceAsync(user: "bob", deviceId: "Bob1");
        await bobPhone.FolderSyncAsync();
        Assert.Equal("4", (await DeleteAsync(bobPhone, "1", privateId)).TopStatus);
        Assert.Equal("4", (await UpdateAsync(bobPhone, "1", privateId, "0", "Mine")).TopStatus);
        Assert.Equal("5", (await CreateAsync(bobPhone, "1", privateId, "Inside", "12")).TopStatus);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.Equal("Private", (await _server.Store.GetFolderAsync(alice, new Core.Ids.FolderId(long.Parse(privateId))))!.DisplayName);
    }
}
