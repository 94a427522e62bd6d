using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// MS-ASCMD 2.2.3.177.3–.6: every hierarchy command answers Status 9 for a synchronization key that is malformed or not
/// the device's (a key it was never given, or one from another device), and 10 only when the key is missing.
/// </summary>
public sealed class MsAsCmdFolderKeyScenarioTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    [Trait("Scenario", "MSASCMD_S02_TC05_FolderCreate_Status9")]
    [Trait("Scenario", "MSASCMD_S03_TC04_FolderDelete_Status9")]
    [Trait("Scenario", "MSASCMD_S04_TC05_FolderSync_Status9")]
    [Trait("Scenario", "MSASCMD_S05_TC05_FolderUpdate_Status9")]
    public async Task EveryHierarchyCommandAnswers9ForAKeyThatIsMalformedOrNotTheDevices()
    {
        using var phone = await _server.DeviceAsync(deviceId: "KeyPhone");
        using var other = await _server.DeviceAsync(deviceId: "KeyOther");
        var initial = await phone.FolderSyncAsync();
        var inbox = initial.Root!.FindAll("FolderHierarchy:Add").First(a => a.Value("FolderHierarchy:Type") == "2").Value("FolderHierarchy:ServerId")!;
        await other.FolderSyncAsync();
        var created = await phone.SendAsync("FolderCreate", Wb.E("FolderHierarchy:FolderCreate", Wb.E("FolderHierarchy:SyncKey", "1"),
            Wb.E("FolderHierarchy:ParentId", inbox), Wb.E("FolderHierarchy:DisplayName", "Keys"), Wb.E("FolderHierarchy:Type", "12")));
        Assert.Equal("1", created.TopStatus);
        var folder = created.Root!.Value("FolderHierarchy:ServerId")!;
        var good = created.Root!.Value("FolderHierarchy:SyncKey")!;

        foreach (var key in new[] { "abc", "-1", "99", "" })
        {
            Assert.Equal("9", (await phone.FolderSyncAsync(key)).TopStatus);
            Assert.Equal("9", (await phone.SendAsync("FolderCreate", Wb.E("FolderHierarchy:FolderCreate", Wb.E("FolderHierarchy:SyncKey", key),
                Wb.E("FolderHierarchy:ParentId", inbox), Wb.E("FolderHierarchy:DisplayName", "Other " + key), Wb.E("FolderHierarchy:Type", "12")))).TopStatus);
            Assert.Equal("9", (await phone.SendAsync("FolderUpdate", Wb.E("FolderHierarchy:FolderUpdate", Wb.E("FolderHierarchy:SyncKey", key),
                Wb.E("FolderHierarchy:ServerId", folder), Wb.E("FolderHierarchy:ParentId", inbox), Wb.E("FolderHierarchy:DisplayName", "Renamed")))).TopStatus);
            Assert.Equal("9", (await phone.SendAsync("FolderDelete", Wb.E("FolderHierarchy:FolderDelete", Wb.E("FolderHierarchy:SyncKey", key),
                Wb.E("FolderHierarchy:ServerId", folder)))).TopStatus);
        }

        // The phone's current key is not the other device's.
        Assert.Equal("9", (await other.SendAsync("FolderDelete", Wb.E("FolderHierarchy:FolderDelete", Wb.E("FolderHierarchy:SyncKey", good),
            Wb.E("FolderHierarchy:ServerId", folder)))).TopStatus);
        // Nothing above changed the folder; with the right key the phone can still delete it.
        Assert.Equal("1", (await phone.SendAsync("FolderDelete", Wb.E("FolderHierarchy:FolderDelete", Wb.E("FolderHierarchy:SyncKey", good),
            Wb.E("FolderHierarchy:ServerId", folder)))).TopStatus);
        // Without any key the request itself is malformed.
        Assert.Equal("10", (await phone.SendAsync("FolderSync", Wb.E("FolderHierarchy:FolderSync"))).TopStatus);
    }
}
