using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The folder-hierarchy scenarios of Microsoft's MS-ASCMD test suite (S02 FolderCreate, S03 FolderDelete, S04 FolderSync,
/// S05 FolderUpdate), each replayed over HTTPS with the request the suite sends and the assertions it makes.
/// </summary>
public sealed class MsAsCmdFolderScenarioTests : IAsyncLifetime
{
    // MS-ASCMD 2.2.3.186.3: 12 is a user-created mail folder.
    private const string UserCreatedMail = "12";

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> CreateAsync(EasDevice device, string? syncKey, string parentId, string name, string type = UserCreatedMail) =>
        device.SendAsync("FolderCreate", Wb.E("FolderHierarchy:FolderCreate",
            syncKey is null ? null : Wb.E("FolderHierarchy:SyncKey", syncKey), Wb.E("FolderHierarchy:ParentId", parentId),
            Wb.E("FolderHierarchy:DisplayName", name), Wb.E("FolderHierarchy:Type", type)));

    private static Task<EasResponse> UpdateAsync(EasDevice device, string? syncKey, string serverId, string name, string parentId) =>
        device.SendAsync("FolderUpdate", Wb.E("FolderHierarchy:FolderUpdate",
            syncKey is null ? null : Wb.E("FolderHierarchy:SyncKey", syncKey), Wb.E("FolderHierarchy:ServerId", serverId),
            Wb.E("FolderHierarchy:ParentId", parentId), Wb.E("FolderHierarchy:DisplayName", name)));

    private static Task<EasResponse> DeleteAsync(EasDevice device, string? syncKey, string serverId) =>
        device.SendAsync("FolderDelete", Wb.E("FolderHierarchy:FolderDelete",
            syncKey is null ? null : Wb.E("FolderHierarchy:SyncKey", syncKey), Wb.E("FolderHierarchy:ServerId", serverId)));

    private static string? SyncKeyOf(EasResponse r) => r.Root!.Value("FolderHierarchy:SyncKey");

    private static string? ServerIdOf(EasResponse r) => r.Root!.Value("FolderHierarchy:ServerId");

    private static string IdOfType(EasResponse folderSync, int type) =>
        folderSync.Root!.FindAll("FolderHierarchy:Add").First(a => a.Value("FolderHierarchy:Type") == type.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Value("FolderHierarchy:ServerId")!;

    private static Bourse.ActiveSync.Codec.WbxmlElement? AddOf(EasResponse folderSync, string serverId) =>
        folderSync.Root!.FindAll("FolderHierarchy:Add").FirstOrDefault(a => a.Value("FolderHierarchy:ServerId") == serverId);

    [Fact]
    [Trait("Scenario", "MSASCMD_S02_TC01_FolderCreate_Success")]
    [Trait("Scenario", "MSASCMD_S04_TC07_FolderSync_AddFolder")]
    public async Task ACreatedFolderHasAServerIdAndANewKeyAndIsInTheNextFullFolderSync()
    {
        using var device = await _server.DeviceAsync();
        var key = SyncKeyOf(await device.FolderSyncAsync())!;
        var created = await CreateAsync(device, key, "0", "Created by the device");
        Assert.Equal("1", created.TopStatus);
        Assert.NotNull(ServerIdOf(created));
        Assert.NotNull(SyncKeyOf(created));

        var all = await device.FolderSyncAsync();
        var add = AddOf(all, ServerIdOf(created)!);
        Assert.NotNull(add);
        Assert.Equal("Created by the device", add.Value("FolderHierarchy:DisplayName"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S02_TC02_FolderCreate_Fail")]
    public async Task AFailedCreateHasNeitherServerIdNorSyncKey()
    {
        using var device = await _server.DeviceAsync();
        var key = SyncKeyOf(await device.FolderSyncAsync())!;
        var failed = await CreateAsync(device, key, "0", "");
        Assert.NotNull(failed.TopStatus);
        Assert.NotEqual("1", failed.TopStatus);
        Assert.Null(ServerIdOf(failed));
        Assert.Null(SyncKeyOf(failed));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S02_TC03_FolderCreate_Status2")]
    public async Task CreatingTheSameNameTwiceUnderTheRootIsStatus2()
    {
        using var device = await _server.DeviceAsync();
        var first = await CreateAsync(device, SyncKeyOf(await device.FolderSyncAsync()), "0", "Twice");
        Assert.Equal("1", first.TopStatus);
        Assert.Equal("2", (await CreateAsync(device, SyncKeyOf(first), "0", "Twice")).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S02_TC04_FolderCreate_Status5")]
    [Trait("Scenario", "MSASCMD_S05_TC04_FolderUpdate_Status5")]
    public async Task AParentThatDoesNotExistIsStatus5ForCreateAndUpdate()
    {
        using var device = await _server.DeviceAsync();
        var key = SyncKeyOf(await device.FolderSyncAsync());
        Assert.Equal("5", (await CreateAsync(device, key, "InvalidParentId", "Orphan")).TopStatus);

        var created = await CreateAsync(device, key, "0", "To be moved nowhere");
        Assert.Equal("5", (await UpdateAsync(device, SyncKeyOf(created), ServerIdOf(created)!, "Renamed", "InvalidParentId")).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S02_TC06_FolderCreate_Status10")]
    [Trait("Scenario", "MSASCMD_S03_TC05_FolderDelete_Status10")]
    [Trait("Scenario", "MSASCMD_S05_TC06_FolderUpdate_Status10")]
    [Trait("Scenario", "MSASCMD_S04_TC06_FolderSync_Status10")]
    public async Task ARequestWithoutSyncKeyOrCreatingASpecialFolderTypeIsStatus10()
    {
        using var device = await _server.DeviceAsync();
        var key = SyncKeyOf(await device.FolderSyncAsync());
        Assert.Equal("10", (await CreateAsync(device, null, "0", "No key")).TopStatus);
        // MS-ASCMD 2.2.3.186.3: a client cannot create a folder of a special type (2, the Inbox).
        Assert.Equal("10", (await CreateAsync(device, key, "0", "Second Inbox", type: "2")).TopStatus);

        var created = await CreateAsync(device, key, "0", "Keyless");
        Assert.Equal("10", (await DeleteAsync(device, null, ServerIdOf(created)!)).TopStatus);
        Assert.Equal("10", (await UpdateAsync(device, null, ServerIdOf(created)!, "Keyless 2", "0")).TopStatus);
        Assert.Equal("10", (await device.SendAsync("FolderSync", Wb.E("FolderHierarchy:FolderSync"))).TopStatus);
        // The refused requests changed nothing: the folder is still there under its name.
        Assert.Equal("Keyless", AddOf(await device.FolderSyncAsync(), ServerIdOf(created)!)!.Value("FolderHierarchy:DisplayName"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S03_TC01_FolderDelete_Success")]
    public async Task ADeletedFolderIsGoneFromTheNextFullFolderSync()
    {
        using var device = await _server.DeviceAsync();
        var created = await CreateAsync(device, SyncKeyOf(await device.FolderSyncAsync()), "0", "Short-lived");
        Assert.Equal("1", created.TopStatus);
        var deleted = await DeleteAsync(device, SyncKeyOf(created), ServerIdOf(created)!);
        Assert.Equal("1", deleted.TopStatus);
        Assert.NotNull(SyncKeyOf(deleted));

        var all = await device.FolderSyncAsync();
        Assert.Equal("1", all.TopStatus);
        Assert.Null(AddOf(all, ServerIdOf(created)!));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S03_TC02_FolderDelete_Status3")]
    [Trait("Scenario", "MSASCMD_S05_TC02_FolderUpdate_Status2")]
    public async Task TheCalendarCannotBeDeletedOrRenamedAndNoKeyComesBack()
    {
        using var device = await _server.DeviceAsync();
        var sync = await device.FolderSyncAsync();
        var calendar = IdOfType(sync, 8);

        var delete = await DeleteAsync(device, SyncKeyOf(sync), calendar);
        Assert.Equal("3", delete.TopStatus);
        Assert.Null(SyncKeyOf(delete));

        var update = await UpdateAsync(device, SyncKeyOf(sync), calendar, "Notes", "0");
        Assert.Equal("2", update.TopStatus);
        Assert.Null(SyncKeyOf(update));
        Assert.NotNull(AddOf(await device.FolderSyncAsync(), calendar));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S03_TC03_FolderDelete_Status4")]
    [Trait("Scenario", "MSASCMD_S05_TC03_FolderUpdate_Status4")]
    public async Task AServerIdThatNamesNoFolderIsStatus4()
    {
        using var device = await _server.DeviceAsync();
        var key = SyncKeyOf(await device.FolderSyncAsync());
        Assert.Equal("4", (await DeleteAsync(device, key, "InvalidServerId")).TopStatus);
        Assert.Equal("4", (await UpdateAsync(device, key, "InvalidServerId", "Anything", "0")).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC01_FolderSync_SyncKey0")]
    public async Task SyncKeyZeroReturnsEveryFolderWithUniqueNamesAndAKey()
    {
        using var device = await _server.DeviceAsync();
        var r = await device.FolderSyncAsync("0");
        Assert.Equal("1", r.TopStatus);
        Assert.NotNull(SyncKeyOf(r));
        var adds = r.Root!.FindAll("FolderHierarchy:Add").ToList();
        Assert.True(int.Parse(r.Root!.Find("FolderHierarchy:Count")!.Text!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(adds.Count, adds.Select(a => a.Value("FolderHierarchy:DisplayName")).Distinct().Count());
        Assert.Equal(adds.Count, adds.Select(a => a.Value("FolderHierarchy:ServerId")).Distinct().Count());
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC02_FolderSync_NoChanged")]
    public async Task NoChangeSinceTheLastKeyIsACountOfZero()
    {
        using var device = await _server.DeviceAsync();
        var key = SyncKeyOf(await device.FolderSyncAsync())!;
        var quiet = await device.FolderSyncAsync(key);
        Assert.Equal("1", quiet.TopStatus);
        Assert.Equal("0", quiet.Root!.Find("FolderHierarchy:Count")!.Text);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC03_FolderSync_Changed")]
    public async Task AFolderCreatedByAnotherDeviceComesAsOneChange()
    {
        using var phone = await _server.DeviceAsync();
        using var tablet = await _server.DeviceAsync(deviceId: "NewDeviceID");
        var phoneKey = SyncKeyOf(await phone.FolderSyncAsync())!;
        var created = await CreateAsync(tablet, SyncKeyOf(await tablet.FolderSyncAsync()), "0", "From the tablet");
        Assert.Equal("1", created.TopStatus);

        var changed = await phone.FolderSyncAsync(phoneKey);
        Assert.Equal("1", changed.Root!.Find("FolderHierarchy:Count")!.Text);
        Assert.Equal("From the tablet", AddOf(changed, ServerIdOf(created)!)!.Value("FolderHierarchy:DisplayName"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC04_FolderSync_Resynchronizes")]
    public async Task ResynchronizingKeepsTheServerIds()
    {
        using var device = await _server.DeviceAsync();
        var before = await device.FolderSyncAsync();
        var created = await CreateAsync(device, SyncKeyOf(before), "0", "Stable id");
        var again = await device.FolderSyncAsync("0");
        Assert.Equal(ServerIdOf(created), again.Root!.FindAll("FolderHierarchy:Add")
            .Single(a => a.Value("FolderHierarchy:DisplayName") == "Stable id").Value("FolderHierarchy:ServerId"));
        foreach (var add in before.Root!.FindAll("FolderHierarchy:Add"))
            Assert.NotNull(AddOf(again, add.Value("FolderHierarchy:ServerId")!));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC08_FolderSync_UpdateFolder")]
    public async Task AFolderRenamedByAnotherDeviceComesAsUpdate()
    {
        using var phone = await _server.DeviceAsync();
        var created = await CreateAsync(phone, SyncKeyOf(await phone.FolderSyncAsync()), "0", "Before rename");
        var phoneKey = SyncKeyOf(created)!;

        using var tablet = await _server.DeviceAsync(deviceId: "NewDeviceID");
        var tabletSync = await tablet.FolderSyncAsync();
        var tabletKey = SyncKeyOf(tabletSync)!;
        Assert.Equal("1", (await UpdateAsync(tablet, tabletKey, ServerIdOf(created)!, "After rename", "0")).TopStatus);

        var seen = await phone.FolderSyncAsync(phoneKey);
        var update = Assert.Single(seen.Root!.FindAll("FolderHierarchy:Update"));
        Assert.Equal(ServerIdOf(created), update.Value("FolderHierarchy:ServerId"));
        Assert.Equal("After rename", update.Value("FolderHierarchy:DisplayName"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC09_FolderSync_DeleteFolder")]
    public async Task AFolderDeletedByAnotherDeviceComesAsDelete()
    {
        using var phone = await _server.DeviceAsync();
        var created = await CreateAsync(phone, SyncKeyOf(await phone.FolderSyncAsync()), "0", "Deleted elsewhere");
        using var tablet = await _server.DeviceAsync(deviceId: "NewDeviceID");
        var tabletSync = await tablet.FolderSyncAsync("0");
        Assert.NotNull(AddOf(tabletSync, ServerIdOf(created)!));
        Assert.Equal("1", (await DeleteAsync(tablet, SyncKeyOf(tabletSync), ServerIdOf(created)!)).TopStatus);

        var seen = await phone.FolderSyncAsync(SyncKeyOf(created)!);
        Assert.Equal("1", seen.TopStatus);
        Assert.Equal(ServerIdOf(created), Assert.Single(seen.Root!.FindAll("FolderHierarchy:Delete")).Value("FolderHierarchy:ServerId"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S04_TC10_FolderSync_NoSynchronizeItems")]
    public async Task FolderSyncCarriesFoldersNotTheItemsInThem()
    {
        await _server.DeliverAsync("alice", "An item, not a folder");
        using var device = await _server.DeviceAsync();
        var r = await device.FolderSyncAsync();
        var inbox = IdOfType(r, 2);
        Assert.DoesNotContain(r.Root!.FindAll("FolderHierarchy:Add"),
            a => a.Value("FolderHierarchy:DisplayName") == "An item, not a folder" && a.Value("FolderHierarchy:ParentId") == inbox);
        Assert.DoesNotContain("An item, not a folder", r.Root!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S05_TC01_FolderUpdate_Success")]
    public async Task ARenamedFolderKeepsItsServerIdAndShowsTheNewName()
    {
        using var device = await _server.DeviceAsync();
        var created = await CreateAsync(device, SyncKeyOf(await device.FolderSyncAsync()), "0", "Old name");
        var updated = await UpdateAsync(device, SyncKeyOf(created), ServerIdOf(created)!, "New name", "0");
        Assert.Equal("1", updated.TopStatus);
        Assert.NotNull(SyncKeyOf(updated));

        var add = AddOf(await device.FolderSyncAsync(), ServerIdOf(created)!);
        Assert.Equal("New name", add!.Value("FolderHierarchy:DisplayName"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S05_TC07_FolderUpdate_Moves")]
    public async Task AFolderMovesUnderSentItemsButNotOntoAFolderOfTheSameName()
    {
        using var device = await _server.DeviceAsync();
        var sync = await device.FolderSyncAsync();
        var sent = IdOfType(sync, 5);
        var first = await CreateAsync(device, SyncKeyOf(sync), "0", "Travelling");
        var moved = await UpdateAsync(device, SyncKeyOf(first), ServerIdOf(first)!, "Travelling", sent);
        Assert.Equal("1", moved.TopStatus);
        var after = await device.FolderSyncAsync();
        Assert.Equal(sent, AddOf(after, ServerIdOf(first)!)!.Value("FolderHierarchy:ParentId"));

        // A second folder of the same name cannot join it there.
        var second = await CreateAsync(device, SyncKeyOf(after), "0", "Travelling");
        Assert.Equal("1", second.TopStatus);
        Assert.Equal("2", (await UpdateAsync(device, SyncKeyOf(second), ServerIdOf(second)!, "Travelling", sent)).TopStatus);
    }
}
