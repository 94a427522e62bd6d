using System.Net;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Directory.Devices;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The scenarios of Microsoft's MS-ASPROV test suite (policy download and acknowledgement, remote wipe, negative statuses)
/// and the Provision scenarios of MS-ASCMD (S12, S21 status 145), replayed over HTTPS.
/// </summary>
public sealed class MsAsProvScenarioTests : IAsyncLifetime
{
    private const string PolicyType = "MS-EAS-Provisioning-WBXML";

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static WbxmlElement Download(string type = PolicyType, WbxmlElement? deviceInformation = null) => Wb.E("Provision:Provision",
        deviceInformation, Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", type))));

    private static WbxmlElement Acknowledge(string key, string status) => Wb.E("Provision:Provision",
        Wb.E("Provision:Policies", Wb.E("Provision:Policy",
            Wb.E("Provision:PolicyType", PolicyType), Wb.E("Provision:PolicyKey", key), Wb.E("Provision:Status", status))));

    private static WbxmlElement Policy(EasResponse r) => r.Root!.Find("Provision:Policies")!.Element("Provision", "Policy")!;

    private async Task<string> TemporaryKeyAsync(EasDevice device)
    {
        var first = await device.SendAsync("Provision", Download());
        Assert.Equal("1", first.TopStatus);
        return Policy(first).Value("Provision:PolicyKey")!;
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S01_TC01_AcknowledgeSecurityPolicySettings")]
    [Trait("Scenario", "MSASCMD_S12_TC01_Provision_DownloadPolicy")]
    public async Task TheDownloadCarriesTypeKeyStatusAndDataAndTheAcknowledgementTheFinalKeyWithoutData()
    {
        using var device = await _server.DeviceAsync(provision: false);
        var first = await device.SendAsync("Provision", Download());
        Assert.Equal("1", first.TopStatus);
        var policy = Policy(first);
        Assert.Equal(PolicyType, policy.Value("Provision:PolicyType"));
        Assert.Equal("1", policy.Value("Provision:Status"));
        var temporary = policy.Value("Provision:PolicyKey");
        Assert.False(string.IsNullOrEmpty(temporary));
        Assert.NotNull(policy.Element("Provision", "Data")!.Element("Provision", "EASProvisionDoc"));

        var second = await device.SendAsync("Provision", Acknowledge(temporary!, "1"));
        Assert.Equal("1", second.TopStatus);
        var acknowledged = Policy(second);
        Assert.Equal(PolicyType, acknowledged.Value("Provision:PolicyType"));
        Assert.Equal("1", acknowledged.Value("Provision:Status"));
        Assert.Null(acknowledged.Element("Provision", "Data"));
        var final = acknowledged.Value("Provision:PolicyKey");
        Assert.False(string.IsNullOrEmpty(final));

        // The final key is valid for the commands that follow.
        device.PolicyKey = final;
        var folders = await device.FolderSyncAsync();
        Assert.Equal(HttpStatusCode.OK, folders.Status);
        Assert.Equal("1", folders.TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S01_TC02_WithoutAcknowledgingSecurityPolicySettings")]
    public async Task WhenThePolicyAllowsItADeviceSyncsWithoutAcknowledgingAnyPolicy()
    {
        await using var server = await EasTestServer.StartAsync(new Dictionary<string, string?> { ["Bourse:ActiveSync:RequireProvisioning"] = "false" });
        using var device = await server.DeviceAsync(provision: false);
        var folders = await device.FolderSyncAsync();
        Assert.Equal(HttpStatusCode.OK, folders.Status);
        Assert.Equal("1", folders.TopStatus);
        Assert.NotEmpty(folders.Root!.FindAll("FolderHierarchy:Add"));
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S01_TC03_InitialPreviouslySettingUnset")]
    public async Task AnUnsetSettingIsSentAsAnEmptyTagOrItsDefault()
    {
        await using var server = await EasTestServer.StartAsync(new Dictionary<string, string?> { ["Bourse:ActiveSync:Policy:MinDevicePasswordLength"] = "" });
        using var device = await server.DeviceAsync(provision: false);
        var doc = Policy(await device.SendAsync("Provision", Download())).Find("Provision:EASProvisionDoc")!;
        Assert.Equal("1", doc.Value("Provision:AttachmentsEnabled"));
        var minLength = doc.Element("Provision", "MinDevicePasswordLength");
        Assert.NotNull(minLength);
        Assert.True(string.IsNullOrEmpty(minLength.Text), minLength.ToString());
        Assert.Equal("0", doc.Value("Provision:DevicePasswordHistory"));
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S02_TC01_RemoteWipe")]
    public async Task ARemoteWipeIsResentAfterAFailureReportAndGoneOnceTheDeviceIsRemoved()
    {
        using var device = await _server.DeviceAsync(deviceId: "Wipe2");
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.True((await _server.Devices.SetDeviceWipeAsync(alice, "Wipe2", DeviceWipeStatus.WipePending)).IsSuccess);
        var empty = Wb.E("Provision:Provision");

        var directive = await device.SendAsync("Provision", empty);
        Assert.Equal("1", directive.TopStatus);
        Assert.NotNull(directive.Root!.Element("Provision", "RemoteWipe"));

        // The device reports that the wipe failed: Status 2, and the directive comes again.
        var failed = await device.SendAsync("Provision", Wb.E("Provision:Provision", Wb.E("Provision:RemoteWipe", Wb.E("Provision:Status", "2"))));
        Assert.Equal("2", failed.TopStatus);
        var again = await device.SendAsync("Provision", empty);
        Assert.Equal("1", again.TopStatus);
        Assert.NotNull(again.Root!.Element("Provision", "RemoteWipe"));

        var done = await device.SendAsync("Provision", Wb.E("Provision:Provision", Wb.E("Provision:RemoteWipe", Wb.E("Provision:Status", "1"))));
        Assert.Equal("1", done.TopStatus);

        // Once the administrator removes the device, nothing asks it to wipe any more.
        Assert.True(await _server.Devices.RemoveDeviceAsync(alice, "Wipe2"));
        var afterRemoval = await device.SendAsync("Provision", empty);
        Assert.Equal("1", afterRemoval.TopStatus);
        Assert.Null(afterRemoval.Root!.Element("Provision", "RemoteWipe"));
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S02_TC02_AccountOnlyRemoteWipe")]
    public async Task AnAccountOnlyWipeIsResentAfterAFailureReportAndGoneOnceTheDeviceIsRemoved()
    {
        using var device = await _server.DeviceAsync(deviceId: "Acc2", version: "16.1");
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.True((await _server.Devices.SetDeviceWipeAsync(alice, "Acc2", DeviceWipeStatus.AccountOnlyWipePending)).IsSuccess);
        var empty = Wb.E("Provision:Provision");

        var directive = await device.SendAsync("Provision", empty);
        Assert.Equal("1", directive.TopStatus);
        Assert.NotNull(directive.Root!.Element("Provision", "AccountOnlyRemoteWipe"));

        var failed = await device.SendAsync("Provision", Wb.E("Provision:Provision", Wb.E("Provision:AccountOnlyRemoteWipe", Wb.E("Provision:Status", "2"))));
        Assert.Equal("2", failed.TopStatus);
        var again = await device.SendAsync("Provision", empty);
        Assert.Equal("1", again.TopStatus);
        Assert.NotNull(again.Root!.Element("Provision", "AccountOnlyRemoteWipe"));

        var done = await device.SendAsync("Provision", Wb.E("Provision:Provision", Wb.E("Provision:AccountOnlyRemoteWipe", Wb.E("Provision:Status", "1"))));
        Assert.Equal("1", done.TopStatus);

        Assert.True(await _server.Devices.RemoveDeviceAsync(alice, "Acc2"));
        var afterRemoval = await device.SendAsync("Provision", empty);
        Assert.Equal("1", afterRemoval.TopStatus);
        Assert.Null(afterRemoval.Root!.Element("Provision", "AccountOnlyRemoteWipe"));
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S03_TC01_VerifyPolicyStatus3")]
    public async Task AnUnknownPolicyTypeIsPolicyStatus3()
    {
        using var device = await _server.DeviceAsync(provision: false);
        var r = await device.SendAsync("Provision", Download("InvalidMS-EAS-Provisioning-WBXML"));
        Assert.Equal("3", Policy(r).Value("Provision:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S03_TC02_VerifyPolicyStatus5")]
    public async Task AcknowledgingAnotherDevicesKeyOrAnInventedOneIsPolicyStatus5()
    {
        using var aliceDevice = await _server.DeviceAsync(provision: false);
        var temporary = await TemporaryKeyAsync(aliceDevice);
        Assert.Equal("1", Policy(await aliceDevice.SendAsync("Provision", Acknowledge(temporary, "1"))).Value("Provision:Status"));

        // Bob acknowledges the key alice's device was given.
        using var bobDevice = await _server.DeviceAsync(user: "bob", deviceId: "Bob1", provision: false);
        await TemporaryKeyAsync(bobDevice);
        Assert.Equal("5", Policy(await bobDevice.SendAsync("Provision", Acknowledge(temporary, "1"))).Value("Provision:Status"));
        Assert.Equal("5", Policy(await bobDevice.SendAsync("Provision", Acknowledge("1234567890", "1"))).Value("Provision:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S03_TC03_VerifyProvisionStatus2")]
    [Trait("Scenario", "MSASCMD_S12_TC02_Provision_WithoutPolicyTypeElement")]
    public async Task APolicyOutsidePoliciesOrWithoutPolicyTypeIsProvisionStatus2()
    {
        using var device = await _server.DeviceAsync(provision: false);
        var deviceInformation = Wb.E("Settings:DeviceInformation", Wb.E("Settings:Set", Wb.E("Settings:Model", "ASPROVTest")));
        var unwrapped = await device.SendAsync("Provision", Wb.E("Provision:Provision", deviceInformation,
            Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", PolicyType))));
        Assert.Equal("2", unwrapped.TopStatus);
        Assert.Null(unwrapped.Root!.Find("Provision:PolicyKey"));

        var typeless = await device.SendAsync("Provision", Wb.E("Provision:Provision", Wb.E("Provision:Policies", Wb.E("Provision:Policy"))));
        Assert.Equal("2", typeless.TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S03_TC04_VerifyInvalidPolicyKey")]
    [Trait("Scenario", "MSASCMD_S12_TC03_Provision_Status144")]
    public async Task APolicyKeyOtherThanTheFinalOneIs144Or449In121()
    {
        using var device = await _server.DeviceAsync();
        device.PolicyKey = device.PolicyKey![..1];
        Assert.Equal("144", (await device.FolderSyncAsync()).TopStatus);

        using var old = await _server.DeviceAsync(deviceId: "Old2");
        old.PolicyKey = old.PolicyKey![..1];
        old.Version = "12.1";
        Assert.Equal((HttpStatusCode)449, (await old.FolderSyncAsync()).Status);
    }

    [Fact]
    [Trait("Scenario", "MSASPROV_S03_TC06_VerifyPolicyStatus145")]
    [Trait("Scenario", "MSASCMD_S21_TC14_CommonStatusCode_145")]
    public async Task AnExternallyManagedAcknowledgementIs145AndGetsNoKey()
    {
        using var device = await _server.DeviceAsync(provision: false);
        var temporary = await TemporaryKeyAsync(device);
        var r = await device.SendAsync("Provision", Acknowledge(temporary, "4"));
        Assert.Equal("145", r.TopStatus);
        Assert.Null(r.Root!.Find("Provision:PolicyKey"));
    }
}
