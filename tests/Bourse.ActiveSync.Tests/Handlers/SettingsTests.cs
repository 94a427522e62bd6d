using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Handlers;

/// Settings (MS-ASCMD 2.2.1.18) over HTTPS: Oof, DeviceInformation, UserInformation, DevicePassword, RightsManagementInformation.
public sealed class SettingsTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> SettingsAsync(EasDevice device, params WbxmlElement[] parts) =>
        device.SendAsync("Settings", Wb.E("Settings:Settings", parts));

    private static Task<EasResponse> OofGetAsync(EasDevice device, string bodyType = "Text") =>
        SettingsAsync(device, Wb.E("Settings:Oof", Wb.E("Settings:Get", Wb.E("Settings:BodyType", bodyType))));

    private static WbxmlElementView Message(EasResponse r, string audience) =>
        new(r.Root!.FindAll("Settings:OofMessage").Single(m => m.Find($"Settings:{audience}") is not null));

    private sealed record WbxmlElementView(WbxmlElement Element)
    {
        public string? Enabled => Element.Value("Settings:Enabled");
        public string? Reply => Element.Value("Settings:ReplyMessage");
        public string? BodyType => Element.Value("Settings:BodyType");
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC07_Settings_OofSetToInternal")]
    [Trait("Scenario", "MSASCMD_S16_TC08_Settings_OofSetBodyTypeIsRequiredWithReplyMessage")]
    public async Task OofSetThenGetRoundTripsPerMailbox()
    {
        using var device = await _server.DeviceAsync();
        var initial = await OofGetAsync(device);
        Assert.Equal("1", initial.TopStatus);
        Assert.Equal("1", initial.Root!.Find("Settings:Oof")!.Value("Settings:Status"));
        Assert.Equal("0", initial.Root!.Find("Settings:OofState")!.Text);

        var set = await SettingsAsync(device, Wb.E("Settings:Oof", Wb.E("Settings:Set",
            Wb.E("Settings:OofState", "2"),
            Wb.E("Settings:StartTime", "2030-07-01T08:00:00.000Z"),
            Wb.E("Settings:EndTime", "2030-07-15T18:00:00.000Z"),
            Wb.E("Settings:OofMessage", Wb.E("Settings:AppliesToInternal"), Wb.E("Settings:Enabled", "1"),
                Wb.E("Settings:ReplyMessage", "On leave <back 15th> & unreachable"), Wb.E("Settings:BodyType", "Text")),
            Wb.E("Settings:OofMessage", Wb.E("Settings:AppliesToExternalKnown"), Wb.E("Settings:Enabled", "1"),
                Wb.E("Settings:ReplyMessage", "<p>Away</p>"), Wb.E("Settings:BodyType", "HTML")),
            Wb.E("Settings:OofMessage", Wb.E("Settings:AppliesToExternalUnknown"), Wb.E("Settings:Enabled", "0")))));
        Assert.Equal("1", set.TopStatus);
        Assert.Equal("1", set.Root!.Find("Settings:Oof")!.Value("Settings:Status"));

        var text = await OofGetAsync(device);
        var get = text.Root!.Find("Settings:Get")!;
        Assert.Equal("2", get.Value("Settings:OofState"));
        Assert.Equal("2030-07-01T08:00:00.000Z", get.Value("Settings:StartTime"));
        Assert.Equal("2030-07-15T18:00:00.000Z", get.Value("Settings:EndTime"));
        var internalMessage = Message(text, "AppliesToInternal");
        Assert.Equal("1", internalMessage.Enabled);
        Assert.Equal("On leave <back 15th> & unreachable", internalMessage.Reply);
        Assert.Equal("Text", internalMessage.BodyType);
        Assert.Equal("Away", Message(text, "AppliesToExternalKnown").Reply!.Trim());
        Assert.Equal("0", Message(text, "AppliesToExternalUnknown").Enabled);
        Assert.Null(Message(text, "AppliesToExternalUnknown").Reply);

        // Asked for HTML, a text reply comes escaped; an HTML one as written.
        var html = await OofGetAsync(device, "HTML");
        Assert.Contains("On leave &lt;back 15th&gt; &amp; unreachable", Message(html, "AppliesToInternal").Reply);
        Assert.Equal("HTML", Message(html, "AppliesToInternal").BodyType);
        Assert.Equal("<p>Away</p>", Message(html, "AppliesToExternalKnown").Reply);

        // A later Set of only the state keeps the messages.
        await SettingsAsync(device, Wb.E("Settings:Oof", Wb.E("Settings:Set", Wb.E("Settings:OofState", "0"))));
        var off = await OofGetAsync(device);
        Assert.Equal("0", off.Root!.Find("Settings:OofState")!.Text);
        Assert.Null(off.Root!.Find("Settings:StartTime"));
        Assert.Equal("On leave <back 15th> & unreachable", Message(off, "AppliesToInternal").Reply);

        // Another user's OOF is their own.
        using var bob = await _server.DeviceAsync(user: "bob", deviceId: "Bob1");
        var bobs = await OofGetAsync(bob);
        Assert.Equal("0", bobs.Root!.Find("Settings:OofState")!.Text);
        Assert.Null(Message(bobs, "AppliesToInternal").Reply);
    }

    [Fact]
    public async Task OofRefusesBadValuesWithItsOwnStatus()
    {
        using var device = await _server.DeviceAsync();
        static WbxmlElement Set(params WbxmlElement[] children) => Wb.E("Settings:Oof", Wb.E("Settings:Set", children));
        string? OofStatus(EasResponse r) => r.Root!.Find("Settings:Oof")!.Value("Settings:Status");

        // MS-ASCMD 2.2.3.177.15: 5 invalid arguments, 6 conflicting arguments, 2 protocol error.
        Assert.Equal("5", OofStatus(await SettingsAsync(device, Set(Wb.E("Settings:OofState", "7")))));
        Assert.Equal("5", OofStatus(await SettingsAsync(device, Set(Wb.E("Settings:OofState", "2"),
            Wb.E("Settings:StartTime", "tomorrow"), Wb.E("Settings:EndTime", "2030-07-15T18:00:00.000Z")))));
        Assert.Equal("6", OofStatus(await SettingsAsync(device, Set(Wb.E("Settings:OofState", "2"),
            Wb.E("Settings:StartTime", "2030-07-15T18:00:00.000Z"), Wb.E("Settings:EndTime", "2030-07-01T08:00:00.000Z")))));
        Assert.Equal("5", OofStatus(await SettingsAsync(device, Set(Wb.E("Settings:OofMessage", Wb.E("Settings:AppliesToInternal"),
            Wb.E("Settings:Enabled", "1"), Wb.E("Settings:ReplyMessage", "no body type"))))));
        Assert.Equal("2", OofStatus(await SettingsAsync(device, Wb.E("Settings:Oof", Wb.E("Settings:Get")))));
        Assert.Equal("2", OofStatus(await SettingsAsync(device, Wb.E("Settings:Oof"))));

        // Nothing refused was stored.
        var get = await OofGetAsync(device);
        Assert.Equal("0", get.Root!.Find("Settings:OofState")!.Text);
        Assert.Null(Message(get, "AppliesToInternal").Reply);

        // Time-based OOF without a window is accepted (MS-ASCMD 2.2.3.124 does not require one; Exchange answers 1).
        Assert.Equal("1", OofStatus(await SettingsAsync(device, Set(Wb.E("Settings:OofState", "2")))));
        Assert.Equal("2", (await OofGetAsync(device)).Root!.Find("Settings:OofState")!.Text);

        // A request with no part the command knows is a protocol error.
        Assert.Equal("2", (await SettingsAsync(device)).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC15_Settings_SetDeviceInformationPhoneNumber")]
    public async Task DeviceInformationIsStoredInThePartnership()
    {
        using var device = await _server.DeviceAsync();
        var r = await SettingsAsync(device, Wb.E("Settings:DeviceInformation", Wb.E("Settings:Set",
            Wb.E("Settings:Model", "Galaxy S30"), Wb.E("Settings:IMEI", "356938035643809"), Wb.E("Settings:FriendlyName", "Alice's phone"),
            Wb.E("Settings:OS", "Android 17"), Wb.E("Settings:OSLanguage", "French"), Wb.E("Settings:PhoneNumber", "+33123456789"),
            Wb.E("Settings:UserAgent", "Mail/2.0"), Wb.E("Settings:EnableOutboundSMS", "1"), Wb.E("Settings:MobileOperator", "Orange"))));
        Assert.Equal("1", r.TopStatus);
        Assert.Equal("1", r.Root!.Find("Settings:DeviceInformation")!.Value("Settings:Status"));

        var partnership = (await _server.Devices.GetDeviceAsync((await _server.UserAsync("alice")).MailboxId, "Dev1"))!;
        Assert.Equal("Galaxy S30", partnership.Information.Model);
        Assert.Equal("356938035643809", partnership.Information.Imei);
        Assert.Equal("Alice's phone", partnership.Information.FriendlyName);
        Assert.Equal("Android 17", partnership.Information.OperatingSystem);
        Assert.Equal("French", partnership.Information.OperatingSystemLanguage);
        Assert.Equal("+33123456789", partnership.Information.PhoneNumber);
        Assert.Equal("Orange", partnership.Information.MobileOperator);
        Assert.True(partnership.Information.EnableOutboundSms);

        Assert.Equal("2", (await SettingsAsync(device, Wb.E("Settings:DeviceInformation"))).Root!.Find("Settings:DeviceInformation")!.Value("Settings:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC04_Settings_UserInformation")]
    public async Task UserInformationListsTheAddressesAsTheVersionExpects()
    {
        Assert.True((await _server.Directory.AddAliasAsync($"alice@{EasTestServer.Domain}", $"a.liddell@{EasTestServer.Domain}")).IsSuccess);
        using var device = await _server.DeviceAsync();
        var r = await SettingsAsync(device, Wb.E("Settings:UserInformation", Wb.E("Settings:Get")));
        Assert.Equal("1", r.Root!.Find("Settings:UserInformation")!.Value("Settings:Status"));
        var account = r.Root!.Find("Settings:Account")!;
        Assert.Equal("Alice", account.Value("Settings:UserDisplayName"));
        Assert.Null(account.Value("Settings:AccountId"));
        var addresses = account.Find("Settings:EmailAddresses")!;
        Assert.Equal($"alice@{EasTestServer.Domain}", addresses.Value("Settings:PrimarySmtpAddress"));
        Assert.Equal([$"alice@{EasTestServer.Domain}", $"a.liddell@{EasTestServer.Domain}"],
            addresses.FindAll("Settings:SMTPAddress").Select(a => a.Text!).ToArray());

        device.Version = "14.0";
        var old = await SettingsAsync(device, Wb.E("Settings:UserInformation", Wb.E("Settings:Get")));
        Assert.Null(old.Root!.Find("Settings:Accounts"));
        Assert.Equal([$"alice@{EasTestServer.Domain}", $"a.liddell@{EasTestServer.Domain}"],
            old.Root!.Find("Settings:Get")!.Find("Settings:EmailAddresses")!.FindAll("Settings:SMTPAddress").Select(a => a.Text!).ToArray());
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC14_Settings_GetRightManagementInformation")]
    public async Task RightsManagementInformationHasNoTemplates()
    {
        using var device = await _server.DeviceAsync();
        var r = await SettingsAsync(device, Wb.E("Settings:RightsManagementInformation", Wb.E("Settings:Get")));
        var part = r.Root!.Find("Settings:RightsManagementInformation")!;
        Assert.Equal("1", part.Value("Settings:Status"));
        var templates = part.Find("RightsManagement:RightsManagementTemplates");
        Assert.NotNull(templates);
        Assert.Empty(templates.Children);
    }

    [Fact]
    public async Task DevicePasswordIsRefusedWithoutRecoveryInThePolicy()
    {
        using var device = await _server.DeviceAsync();
        var r = await SettingsAsync(device, Wb.E("Settings:DevicePassword", Wb.E("Settings:Set", Wb.E("Settings:Password", "1234"))));
        Assert.Equal("7", r.Root!.Find("Settings:DevicePassword")!.Value("Settings:Status"));
        var alice = (await _server.UserAsync("alice")).MailboxId;
        Assert.Null(await _server.Store.GetStateAsync(alice, "eas-recovery-password/dev1"));
    }

    [Fact]
    public async Task DevicePasswordIsKeptWhenThePolicyEnablesRecovery()
    {
        await using var server = await EasTestServer.StartAsync(new Dictionary<string, string?> { ["Bourse:ActiveSync:Policy:PasswordRecoveryEnabled"] = "true" });
        using var device = await server.DeviceAsync();
        var r = await device.SendAsync("Settings", Wb.E("Settings:Settings",
            Wb.E("Settings:DevicePassword", Wb.E("Settings:Set", Wb.E("Settings:Password", "Recover-Me-42")))));
        Assert.Equal("1", r.Root!.Find("Settings:DevicePassword")!.Value("Settings:Status"));
        var alice = (await server.UserAsync("alice")).MailboxId;
        Assert.Equal("Recover-Me-42", Encoding.UTF8.GetString((await server.Store.GetStateAsync(alice, "eas-recovery-password/dev1"))!));

        // A FolderSync reset (which clears the device's sync state) keeps it.
        await device.FolderSyncAsync();
        Assert.NotNull(await server.Store.GetStateAsync(alice, "eas-recovery-password/dev1"));
    }
}
