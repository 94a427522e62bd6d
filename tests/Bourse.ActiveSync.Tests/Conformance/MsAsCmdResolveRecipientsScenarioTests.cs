using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Directory;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>The ResolveRecipients (S13) scenarios of Microsoft's MS-ASCMD test suite, replayed over HTTPS.</summary>
public sealed class MsAsCmdResolveRecipientsScenarioTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> ResolveAsync(EasDevice device, IEnumerable<string> to, params WbxmlElement[] options) =>
        device.SendAsync("ResolveRecipients", Wb.E("ResolveRecipients:ResolveRecipients",
            options.Length == 0 ? null : Wb.E("ResolveRecipients:Options", options.ToList()),
            to.Select(t => Wb.E("ResolveRecipients:To", t)).ToList()));

    private static WbxmlElement Availability(string start, string end) =>
        Wb.E("ResolveRecipients:Availability", Wb.E("ResolveRecipients:StartTime", start), Wb.E("ResolveRecipients:EndTime", end));

    private async Task CreateUserAsync(string displayName) =>
        Assert.True((await _server.Directory.CreateUserAsync(new NewDirectoryUser(
            $"{displayName.Replace(' ', '.').ToLowerInvariant()}@{EasTestServer.Domain}") { DisplayName = displayName })).IsSuccess);

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC02_ResolveRecipients_EndTimeInvalid")]
    [Trait("Scenario", "MSASCMD_S13_TC03_ResolveRecipients_StartTimeInvalid")]
    [Trait("Scenario", "MSASCMD_S13_TC04_ResolveRecipients_EndTimeSmallThanStartTime")]
    [Trait("Scenario", "MSASCMD_S13_TC05_ResolveRecipients_DurationIsTooLarge")]
    public async Task AMalformedReversedOrTooLongAvailabilityWindowIsStatus5()
    {
        using var device = await _server.DeviceAsync();
        string[] alice = ["alice"];
        Assert.Equal("5", (await ResolveAsync(device, alice, Availability("2012-04-11T10:00:00.000Z", "TimeWithInvalidFormat"))).TopStatus);
        Assert.Equal("5", (await ResolveAsync(device, alice, Availability("TimeWithInvalidFormat", "2012-04-11T10:00:00.000Z"))).TopStatus);
        Assert.Equal("5", (await ResolveAsync(device, alice, Availability("2010-03-01T00:20:00.000Z", "2010-03-01T00:00:00.000Z"))).TopStatus);
        // MS-ASCMD 2.2.3.61.1: more than 42 days.
        Assert.Equal("5", (await ResolveAsync(device, alice, Availability("2010-03-01T00:00:00.000Z", "2010-06-03T00:00:01.000Z"))).TopStatus);
        Assert.Equal("1", (await ResolveAsync(device, alice, Availability("2010-03-01T00:00:00.000Z", "2010-03-01T01:00:00.000Z"))).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC06_ResolveRecipients_Over256")]
    public async Task AToOf256CharactersIsAcceptedAndOneOf257IsStatus5()
    {
        using var device = await _server.DeviceAsync();
        static string Of(int length) => string.Concat(Enumerable.Repeat("MSASCMD", length / 7)) + new string('a', length % 7);
        var certificates = Wb.E("ResolveRecipients:CertificateRetrieval", "2");
        Assert.Equal("1", (await ResolveAsync(device, [Of(256)], certificates)).TopStatus);
        Assert.Equal("5", (await ResolveAsync(device, [Of(257)], certificates)).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC09_ResolveRecipients_AmbiguousUserAvailability")]
    public async Task AnAmbiguousNameGetsNoFreeBusy()
    {
        await CreateUserAsync("Dana One");
        await CreateUserAsync("Dana Two");
        using var device = await _server.DeviceAsync();
        var r = await ResolveAsync(device, ["dana"], Availability("2013-08-11T10:00:00.000Z", "2013-08-11T11:00:00.000Z"));
        var recipients = r.Root!.FindAll("ResolveRecipients:Recipient").ToList();
        Assert.Equal(2, recipients.Count);
        Assert.All(recipients, x => Assert.Null(x.Element("ResolveRecipients", "Availability")));
        Assert.Null(r.Root!.Find("ResolveRecipients:MergedFreeBusy"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC11_ResolveRecipients_Status161")]
    public async Task AGroupOfMoreThanTwentyMembersGetsAvailabilityStatus161()
    {
        var group = $"large.group@{EasTestServer.Domain}";
        Assert.True((await _server.Directory.CreateGroupAsync(group, "Large Group")).IsSuccess);
        for (var i = 0; i < 21; i++)
        {
            await CreateUserAsync($"Member {i:00}");
            Assert.True((await _server.Directory.AddGroupMemberAsync(group, $"member.{i:00}@{EasTestServer.Domain}")).IsSuccess);
        }

        using var device = await _server.DeviceAsync();
        var r = await ResolveAsync(device, [group], Availability("2013-08-11T10:00:00.000Z", "2013-08-11T11:00:00.000Z"));
        var availability = r.Root!.Find("ResolveRecipients:Recipient")!.Element("ResolveRecipients", "Availability")!;
        Assert.Equal("161", availability.Value("ResolveRecipients:Status"));
        Assert.Null(availability.Value("ResolveRecipients:MergedFreeBusy"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC20_ResolveRecipients_Status5")]
    public async Task MoreThanAHundredToElementsIsStatus5()
    {
        using var device = await _server.DeviceAsync();
        Assert.Equal("5", (await ResolveAsync(device, Enumerable.Range(0, 101).Select(i => "User" + i))).TopStatus);
        Assert.Equal("1", (await ResolveAsync(device, Enumerable.Range(0, 100).Select(i => "User" + i))).TopStatus);
    }
}
