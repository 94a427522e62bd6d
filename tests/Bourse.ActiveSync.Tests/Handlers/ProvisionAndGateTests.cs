using System.Net;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Directory.Devices;

namespace Bourse.ActiveSync.Tests.Handlers;

/// OPTIONS, Provision (MS-ASPROV) and what an unprovisioned, blocked, quarantined or wiped device gets, over HTTPS.
public sealed class ProvisionAndGateTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    [Trait("Scenario", "MSASHTTP_S04_TC01_HTTPOPTIONS")]
    public async Task OptionsListsVersionsAndImplementedCommands()
    {
        using var http = _server.CreateHttpClient();
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/Microsoft-Server-ActiveSync"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("12.1,14.0,14.1,16.0,16.1", response.Headers.GetValues("MS-ASProtocolVersions").Single());
        var commands = response.Headers.GetValues("MS-ASProtocolCommands").Single().Split(',');
        Assert.Contains("Provision", commands);
        Assert.Contains("FolderSync", commands);
        Assert.Equal("OPTIONS,POST", response.Content.Headers.Allow.Count > 0 ? string.Join(",", response.Content.Headers.Allow) : response.Headers.GetValues("Allow").Single());
    }

    [Fact]
    public async Task AnonymousRequestsAreChallenged()
    {
        using var http = _server.CreateHttpClient(user: null);
        using var response = await http.PostAsync("/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=alice&DeviceId=X1&DeviceType=P", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S03_TC02_VerifyPolicyStatus5")]
    public async Task TwoPhaseProvisionIssuesAFinalKeyAndRecordsThePartnership()
    {
        using var device = await _server.DeviceAsync(provision: false);
        var first = await device.SendAsync("Provision", Wb.E("Provision:Provision",
            Wb.E("Settings:DeviceInformation", Wb.E("Settings:Set", Wb.E("Settings:Model", "Pixel 9"), Wb.E("Settings:OS", "Android 16"))),
            Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML")))));
        Assert.Equal("1", first.TopStatus);
        Assert.Equal("1", first.Root!.Find("Settings:DeviceInformation")!.Value("Settings:Status"));
        var policy = first.Root!.Find("Provision:Policy")!;
        Assert.Equal("1", policy.Value("Provision:Status"));
        var temporary = policy.Value("Provision:PolicyKey")!;
        var doc = policy.Find("Provision:EASProvisionDoc")!;
        Assert.Equal("0", doc.Value("Provision:DevicePasswordEnabled"));
        Assert.Equal("1", doc.Value("Provision:AttachmentsEnabled"));

        var partnership = await _server.Devices.GetDeviceAsync((await _server.UserAsync("alice")).MailboxId, "Dev1");
        Assert.NotNull(partnership);
        Assert.Equal("Pixel 9", partnership.Information.Model);
        Assert.Equal(uint.Parse(temporary), partnership.PolicyKey);
        Assert.Null(partnership.PolicyAppliedUtc);

        // The temporary key does not open the mailbox.
        device.PolicyKey = temporary;
        Assert.Equal(EasStatusText(144), (await device.FolderSyncAsync()).TopStatus);

        // Acknowledging a key we never issued: Policy Status 5.
        var wrong = await device.SendAsync("Provision", Ack("12345"));
        Assert.Equal("5", wrong.Root!.Find("Provision:Policy")!.Value("Provision:Status"));

        var second = await device.SendAsync("Provision", Ack(temporary));
        Assert.Equal("1", second.TopStatus);
        var final = second.Root!.Find("Provision:PolicyKey")!.Text!;
        Assert.NotEqual(temporary, final);
        device.PolicyKey = final;
        var folders = await device.FolderSyncAsync();
        Assert.Equal("1", folders.TopStatus);
        Assert.NotNull((await _server.Devices.GetDeviceAsync((await _server.UserAsync("alice")).MailboxId, "dev1"))!.PolicyAppliedUtc);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S12_TC03_Provision_Status144")]
    [Trait("Scenario", "MSASPROV_S03_TC04_VerifyInvalidPolicyKey")]
    public async Task UnprovisionedDevicesGet449In121AndStatus142Or144Later()
    {
        using var old = await _server.DeviceAsync(deviceId: "Old1", version: "12.1", provision: false);
        Assert.Equal((HttpStatusCode)449, (await old.FolderSyncAsync()).Status);
        old.PolicyKey = "0";
        Assert.Equal((HttpStatusCode)449, (await old.FolderSyncAsync()).Status);

        using var modern = await _server.DeviceAsync(deviceId: "New1", version: "16.1", provision: false);
        var none = await modern.FolderSyncAsync();
        Assert.Equal(HttpStatusCode.OK, none.Status);
        Assert.Equal("142", none.TopStatus);
        modern.PolicyKey = "987654";
        Assert.Equal("144", (await modern.FolderSyncAsync()).TopStatus);
        await modern.ProvisionAsync();
        Assert.Equal("1", (await modern.FolderSyncAsync()).TopStatus);
    }

    [Fact]
    public async Task ABlockedDeviceIsRefusedAndAllowedAgainAfterward()
    {
        using var device = await _server.DeviceAsync(deviceId: "Blk1");
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.True((await _server.Devices.SetDeviceAccessAsync(alice, "Blk1", DeviceAccessState.Blocked)).IsSuccess);
        Assert.Equal("129", (await device.FolderSyncAsync()).TopStatus);
        device.Version = "12.1";
        Assert.Equal(HttpStatusCode.Forbidden, (await device.FolderSyncAsync()).Status);
        Assert.True((await _server.Devices.SetDeviceAccessAsync(alice, "Blk1", DeviceAccessState.Allowed)).IsSuccess);
        Assert.Equal(HttpStatusCode.OK, (await device.FolderSyncAsync()).Status);
    }

    [Fact]
    public async Task NewDevicesAreQuarantinedWhenConfiguredUntilAllowed()
    {
        await using var server = await EasTestServer.StartAsync(new Dictionary<string, string?> { ["Bourse:ActiveSync:QuarantineNewDevices"] = "true" });
        using var device = await server.DeviceAsync(deviceId: "Q1");
        Assert.Equal("129", (await device.FolderSyncAsync()).TopStatus);
        var alice = (await server.UserAsync("alice")).MailboxId;
        Assert.Equal(DeviceAccessState.Quarantined, (await server.Devices.GetDeviceAsync(alice, "Q1"))!.Access);
        Assert.True((await server.Devices.SetDeviceAccessAsync(alice, "Q1", DeviceAccessState.Allowed)).IsSuccess);
        Assert.Equal("1", (await device.FolderSyncAsync()).TopStatus);
    }

    [Fact]
    public async Task RemoteWipeIsDeliveredThroughProvisionAndAcknowledged()
    {
        using var device = await _server.DeviceAsync(deviceId: "Wipe1");
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.True((await _server.Devices.SetDeviceWipeAsync(alice, "Wipe1", DeviceWipeStatus.WipePending)).IsSuccess);

        Assert.Equal("140", (await device.FolderSyncAsync()).TopStatus);
        var directive = await device.SendAsync("Provision", Wb.E("Provision:Provision",
            Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML")))));
        Assert.Equal("1", directive.TopStatus);
        Assert.NotNull(directive.Root!.Find("Provision:RemoteWipe"));
        Assert.Equal(DeviceWipeStatus.WipeSent, (await _server.Devices.GetDeviceAsync(alice, "Wipe1"))!.Wipe);

        var ack = await device.SendAsync("Provision", Wb.E("Provision:Provision", Wb.E("Provision:RemoteWipe", Wb.E("Provision:Status", "1"))));
        Assert.Equal("1", ack.TopStatus);
        var after = (await _server.Devices.GetDeviceAsync(alice, "Wipe1"))!;
        Assert.Equal(DeviceWipeStatus.WipeAcknowledged, after.Wipe);
        Assert.NotNull(after.WipeAcknowledgedUtc);
        // A wiped device stays refused.
        Assert.Equal("129", (await device.FolderSyncAsync()).TopStatus);
    }

    [Fact]
    public async Task AccountOnlyWipeNeeds161()
    {
        using var device = await _server.DeviceAsync(deviceId: "Acc1", version: "16.1");
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.True((await _server.Devices.SetDeviceWipeAsync(alice, "Acc1", DeviceWipeStatus.AccountOnlyWipePending)).IsSuccess);
        var directive = await device.SendAsync("Provision", Wb.E("Provision:Provision",
            Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML")))));
        Assert.NotNull(directive.Root!.Find("Provision:AccountOnlyRemoteWipe"));
        Assert.Null(directive.Root!.Find("Provision:RemoteWipe"));
        var ack = await device.SendAsync("Provision", Wb.E("Provision:Provision", Wb.E("Provision:AccountOnlyRemoteWipe", Wb.E("Provision:Status", "1"))));
        Assert.Equal("1", ack.TopStatus);
        Assert.Equal(DeviceWipeStatus.AccountOnlyWipeAcknowledged, (await _server.Devices.GetDeviceAsync(alice, "Acc1"))!.Wipe);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S21_TC07_CommonStatusCode_102")]
    public async Task BadRequestLinesAndBodiesGetProtocolErrors()
    {
        using var device = await _server.DeviceAsync(deviceId: "Bad1");
        // Garbage WBXML: Status 102 in 14.x; HTTP 400 in 12.1.
        var garbage = new ByteArrayContent([3, 1, 106, 0, 0, 7, 0x56, 0x52, 3, (byte)'0']);
        Assert.Equal("102", (await device.SendRawAsync("FolderSync", garbage)).TopStatus);
        // A Sync document sent as FolderSync: Status 103.
        Assert.Equal("103", (await device.SendAsync("FolderSync", Wb.E("Provision:Provision"))).TopStatus);
        device.Version = "12.1";
        Assert.Equal(HttpStatusCode.BadRequest, (await device.SendRawAsync("FolderSync", new ByteArrayContent([1, 2, 3]))).Status);
        device.Version = "2.5";
        Assert.Equal(HttpStatusCode.BadRequest, (await device.FolderSyncAsync()).Status);
        device.Version = "14.1";
        // Another user's name in the request line.
        using var http = _server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=bob@bourse.test&DeviceId=Bad1&DeviceType=P");
        request.Headers.Add("MS-ASProtocolVersion", "14.1");
        request.Headers.Add("X-MS-PolicyKey", device.PolicyKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(request)).StatusCode);
        // GET is not a command.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.GetAsync("/Microsoft-Server-ActiveSync")).StatusCode);
    }

    private static string EasStatusText(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Bourse.ActiveSync.Codec.WbxmlElement Ack(string key) => Wb.E("Provision:Provision",
        Wb.E("Provision:Policies", Wb.E("Provision:Policy",
            Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML"), Wb.E("Provision:PolicyKey", key), Wb.E("Provision:Status", "1"))));
}
