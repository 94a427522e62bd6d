using Bourse.Mailbox.Settings;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The Settings (S16) scenarios of Microsoft's MS-ASCMD test suite, replayed over HTTPS. The suite's OOF Set requests use
/// OofState 2; Bourse wants the StartTime–EndTime window that state names, so these requests carry one as well (the audience
/// messages, which is what those scenarios check, are as the suite sends them).
/// </summary>
public sealed class MsAsCmdSettingsScenarioTests : IAsyncLifetime
{
    private const string Start = "2031-07-01T08:00:00.000Z";
    private const string End = "2031-07-15T18:00:00.000Z";

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> SettingsAsync(EasDevice device, params WbxmlElement[] parts) =>
        device.SendAsync("Settings", Wb.E("Settings:Settings", parts));

    private static WbxmlElement OofSet(params WbxmlElement[] children) => Wb.E("Settings:Oof", Wb.E("Settings:Set", children));

    private static WbxmlElement[] Scheduled() =>
        [Wb.E("Settings:OofState", "2"), Wb.E("Settings:StartTime", Start), Wb.E("Settings:EndTime", End)];

    private static WbxmlElement Message(string audience, string? bodyType, string enabled, string? reply) => Wb.E("Settings:OofMessage",
        Wb.E($"Settings:{audience}"), Wb.E("Settings:Enabled", enabled),
        reply is null ? null : Wb.E("Settings:ReplyMessage", reply), bodyType is null ? null : Wb.E("Settings:BodyType", bodyType));

    private static string? OofStatus(EasResponse r) => r.Root!.Find("Settings:Oof")!.Value("Settings:Status");

    private static async Task<WbxmlElement> GetMessageAsync(EasDevice device, string audience)
    {
        var r = await SettingsAsync(device, Wb.E("Settings:Oof", Wb.E("Settings:Get", Wb.E("Settings:BodyType", "Text"))));
        Assert.Equal("1", OofStatus(r));
        return r.Root!.FindAll("Settings:OofMessage").Single(m => m.Find($"Settings:{audience}") is not null);
    }

    private async Task SetAndReadBackAsync(string audience)
    {
        using var device = await _server.DeviceAsync();
        var set = await SettingsAsync(device, OofSet([.. Scheduled(), Message(audience, "TEXT", "1", "Out of office")]));
        Assert.Equal("1", set.TopStatus);
        Assert.Equal("1", OofStatus(set));

        var message = await GetMessageAsync(device, audience);
        Assert.Equal("1", message.Value("Settings:Enabled"));
        Assert.Equal("Out of office", message.Value("Settings:ReplyMessage")!.Trim());
        Assert.Equal("Text", message.Value("Settings:BodyType"), ignoreCase: true);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC03_Settings_OofState")]
    public async Task AStartTimeWithoutEndTimeOrTheReverseIsOofStatus2()
    {
        using var device = await _server.DeviceAsync();
        Assert.Equal("2", OofStatus(await SettingsAsync(device, OofSet(Wb.E("Settings:OofState", "2"), Wb.E("Settings:StartTime", Start)))));
        Assert.Equal("2", OofStatus(await SettingsAsync(device, OofSet(Wb.E("Settings:OofState", "2"), Wb.E("Settings:EndTime", End)))));
        var get = await SettingsAsync(device, Wb.E("Settings:Oof", Wb.E("Settings:Get", Wb.E("Settings:BodyType", "Text"))));
        Assert.Equal("0", get.Root!.Find("Settings:OofState")!.Text);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC05_Settings_OofSetToExternalKnown")]
    public Task TheReplyToKnownExternalSendersIsSetAndReadBack() => SetAndReadBackAsync("AppliesToExternalKnown");

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC06_Settings_OofSetToExternalUnknown")]
    public Task TheReplyToUnknownExternalSendersIsSetAndReadBack() => SetAndReadBackAsync("AppliesToExternalUnknown");

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC07_Settings_OofSetToInternal")]
    [Trait("Scenario", "MSASCMD_S16_TC08_Settings_OofSetBodyTypeIsRequiredWithReplyMessage")]
    public Task TheReplyToInternalSendersIsSetAndReadBackWithItsBodyType() => SetAndReadBackAsync("AppliesToInternal");

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC09_Settings_OofSetBodyTypeOptional")]
    public async Task WithoutAReplyMessageNoBodyTypeIsNeededOrReturned()
    {
        using var device = await _server.DeviceAsync();
        var set = await SettingsAsync(device, OofSet([.. Scheduled(), Message("AppliesToInternal", null, "0", null)]));
        Assert.Equal("1", OofStatus(set));
        var message = await GetMessageAsync(device, "AppliesToInternal");
        Assert.Null(message.Value("Settings:ReplyMessage"));
        Assert.Null(message.Value("Settings:BodyType"));
        Assert.Equal("0", message.Value("Settings:Enabled"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC10_Settings_OofSetForThreeTypeAudiences")]
    public async Task ThreeAudiencesAreSetInOneRequest()
    {
        using var device = await _server.DeviceAsync();
        var set = await SettingsAsync(device, OofSet([.. Scheduled(),
            Message("AppliesToInternal", "TEXT", "1", "Out of office"),
            Message("AppliesToExternalKnown", "TEXT", "1", "Call my mobile"),
            Message("AppliesToExternalUnknown", "TEXT", "1", "Call my mobile")]));
        Assert.Equal("1", OofStatus(set));
        foreach (var (audience, reply) in new[] { ("AppliesToInternal", "Out of office"), ("AppliesToExternalKnown", "Call my mobile"), ("AppliesToExternalUnknown", "Call my mobile") })
        {
            var message = await GetMessageAsync(device, audience);
            Assert.Equal("1", message.Value("Settings:Enabled"));
            Assert.Equal(reply, message.Value("Settings:ReplyMessage")!.Trim());
            Assert.Equal("Text", message.Value("Settings:BodyType"), ignoreCase: true);
        }
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC11_Settings_Status5")]
    public async Task AnUnknownBodyTypeIsInvalidArgumentsNotAProtocolError()
    {
        using var device = await _server.DeviceAsync();
        var r = await SettingsAsync(device, OofSet(Message("AppliesToExternalKnown", "InvalidValue", "1", "Oof")));
        Assert.Equal("5", OofStatus(r));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC12_Settings_Status6")]
    public async Task DifferentRepliesToKnownAndUnknownExternalSendersConflict()
    {
        using var device = await _server.DeviceAsync();
        var r = await SettingsAsync(device, OofSet(
            Message("AppliesToExternalKnown", "TEXT", "1", "Message to external known"),
            Message("AppliesToExternalUnknown", "TEXT", "1", "Message to unknown external users")));
        Assert.Equal("6", OofStatus(r));
        Assert.Null((await GetMessageAsync(device, "AppliesToExternalKnown")).Value("Settings:ReplyMessage"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC13_Settings_ResponseInOrder")]
    public async Task PartsAreAnsweredInTheOrderTheyWereAsked()
    {
        using var device = await _server.DeviceAsync();
        var r = await SettingsAsync(device,
            Wb.E("Settings:Oof", Wb.E("Settings:Get", Wb.E("Settings:BodyType", "TEXT"))),
            Wb.E("Settings:UserInformation", Wb.E("Settings:Get")));
        Assert.Equal("1", OofStatus(r));
        var parts = r.Root!.Children.Where(c => c.Name != "Status").Select(c => c.Name).ToArray();
        Assert.Equal(["Oof", "UserInformation"], parts);

        var reversed = await SettingsAsync(device,
            Wb.E("Settings:UserInformation", Wb.E("Settings:Get")),
            Wb.E("Settings:Oof", Wb.E("Settings:Get", Wb.E("Settings:BodyType", "TEXT"))));
        Assert.Equal(["UserInformation", "Oof"], reversed.Root!.Children.Where(c => c.Name != "Status").Select(c => c.Name).ToArray());
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC16_Settings_DevicePassword_LongPassword")]
    public async Task APasswordOf256CharactersIsTooLong()
    {
        await using var server = await EasTestServer.StartAsync(new Dictionary<string, string?> { ["Bourse:ActiveSync:Policy:PasswordRecoveryEnabled"] = "true" });
        using var device = await server.DeviceAsync();
        string? PasswordStatus(EasResponse r) => r.Root!.Find("Settings:DevicePassword")!.Value("Settings:Status");
        var tooLong = await device.SendAsync("Settings", Wb.E("Settings:Settings",
            Wb.E("Settings:DevicePassword", Wb.E("Settings:Set", Wb.E("Settings:Password", "password".PadRight(256, 'a'))))));
        Assert.Equal("5", PasswordStatus(tooLong));
        var longest = await device.SendAsync("Settings", Wb.E("Settings:Settings",
            Wb.E("Settings:DevicePassword", Wb.E("Settings:Set", Wb.E("Settings:Password", "password".PadRight(255, 'a'))))));
        Assert.Equal("1", PasswordStatus(longest));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S16_TC17_Settings_OofStateNotTwo")]
    public async Task AWindowWithAStateOtherThan2SucceedsButIsNotKept()
    {
        using var device = await _server.DeviceAsync();
        var r = await SettingsAsync(device, OofSet(Wb.E("Settings:OofState", "1"), Wb.E("Settings:StartTime", Start), Wb.E("Settings:EndTime", End)));
        Assert.Equal("1", OofStatus(r));
        var get = await SettingsAsync(device, Wb.E("Settings:Oof", Wb.E("Settings:Get", Wb.E("Settings:BodyType", "Text"))));
        Assert.Equal("1", get.Root!.Find("Settings:OofState")!.Text);
        Assert.Null(get.Root!.Find("Settings:StartTime"));
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var stored = OofSettings.Read(await _server.Store.GetStateAsync(alice, OofSettings.StateKey));
        Assert.Equal(1, stored.State);
        Assert.Null(stored.StartUtc);
        Assert.Null(stored.EndUtc);
    }
}
