using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;

namespace Bourse.ActiveSync.Tests.Handlers;

/// ResolveRecipients (MS-ASCMD 2.2.1.15) over HTTPS: directory resolution, ambiguity, unknown addresses, free/busy.
public sealed class ResolveRecipientsTests : IAsyncLifetime
{
    private static readonly PropertyKey BusyStatus = PropertyKey.FromName(NamedProperty.ById(PropertySets.Appointment, 0x8205), PropertyType.Long);

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> ResolveAsync(EasDevice device, IEnumerable<string> to, params WbxmlElement[] options) =>
        device.SendAsync("ResolveRecipients", Wb.E("ResolveRecipients:ResolveRecipients",
            to.Select(t => Wb.E("ResolveRecipients:To", t)).ToList(),
            options.Length == 0 ? null : Wb.E("ResolveRecipients:Options", options)));

    private static WbxmlElement ResponseFor(EasResponse r, string to) =>
        r.Root!.FindAll("ResolveRecipients:Response").Single(x => x.Value("ResolveRecipients:To") == to);

    private static WbxmlElement Availability(string start, string end) =>
        Wb.E("ResolveRecipients:Availability", Wb.E("ResolveRecipients:StartTime", start), Wb.E("ResolveRecipients:EndTime", end));

    private async Task AppointmentAsync(string user, DateTime start, DateTime end, int? busyStatus)
    {
        var mailbox = (await _server.UserAsync(user)).MailboxId;
        var calendar = (await _server.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Calendar))!;
        var bag = new PropertyBag()
            .Set(PropTags.MessageClass, "IPM.Appointment")
            .Set(PropTags.Subject, "Planning")
            .Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(start))
            .Set(NamedProps.AppointmentEndWhole, PropertyValue.SysTime(end));
        if (busyStatus is { } b)
            bag.Set(BusyStatus, PropertyValue.Long(b));
        Assert.True((await _server.Store.CreateItemAsync(mailbox, calendar.Id, new NewItem(bag))).IsSuccess);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC12_ResolveRecipients_To")]
    public async Task ResolvesBobByAddressOrNameAndReportsAnUnknownAddress()
    {
        using var device = await _server.DeviceAsync();
        var bobAddress = $"bob@{EasTestServer.Domain}";
        var r = await ResolveAsync(device, [bobAddress, "Bob", "nobody@example.com"]);
        Assert.Equal("1", r.TopStatus);

        foreach (var to in new[] { bobAddress, "Bob" })
        {
            var response = ResponseFor(r, to);
            Assert.Equal("1", response.Value("ResolveRecipients:Status"));
            Assert.Equal("1", response.Value("ResolveRecipients:RecipientCount"));
            var recipient = response.Element("ResolveRecipients", "Recipient")!;
            Assert.Equal("1", recipient.Value("ResolveRecipients:Type"));
            Assert.Equal("Bob", recipient.Value("ResolveRecipients:DisplayName"));
            Assert.Equal(bobAddress, recipient.Value("ResolveRecipients:EmailAddress"));
        }

        // MS-ASCMD 2.2.3.177.12: 4, the recipient did not resolve.
        var unknown = ResponseFor(r, "nobody@example.com");
        Assert.Equal("4", unknown.Value("ResolveRecipients:Status"));
        Assert.Equal("0", unknown.Value("ResolveRecipients:RecipientCount"));
        Assert.Null(unknown.Element("ResolveRecipients", "Recipient"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC08_ResolveRecipients_AmbiguousUser")]
    public async Task AmbiguousNamesListSuggestionsUpToTheClientsLimit()
    {
        foreach (var name in new[] { "Dana One", "Dana Two" })
            Assert.True((await _server.Directory.CreateUserAsync(new NewDirectoryUser($"{name.Replace(' ', '.').ToLowerInvariant()}@{EasTestServer.Domain}") { DisplayName = name })).IsSuccess);
        using var device = await _server.DeviceAsync();

        var full = ResponseFor(await ResolveAsync(device, ["dana"]), "dana");
        Assert.Equal("2", full.Value("ResolveRecipients:Status"));
        Assert.Equal("2", full.Value("ResolveRecipients:RecipientCount"));
        Assert.Equal(["Dana One", "Dana Two"], full.FindAll("ResolveRecipients:DisplayName").Select(d => d.Text!).ToArray());

        var partial = ResponseFor(await ResolveAsync(device, ["dana"], Wb.E("ResolveRecipients:MaxAmbiguousRecipients", "1")), "dana");
        Assert.Equal("3", partial.Value("ResolveRecipients:Status"));
        Assert.Equal("1", partial.Value("ResolveRecipients:RecipientCount"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC10_ResolveRecipients_Group_Availability")]
    [Trait("Scenario", "MSASCMD_S13_TC13_ResolveRecipients_MergedFreeBusy")]
    [Trait("Scenario", "MSASCMD_S13_TC15_ResolveRecipients_MergedFreeBusyIntervalTime")]
    public async Task AvailabilityShowsBobsAppointmentsAsMergedFreeBusy()
    {
        var t0 = new DateTime(2031, 3, 10, 8, 0, 0, DateTimeKind.Utc);
        await AppointmentAsync("bob", t0.AddHours(1), t0.AddHours(2), busyStatus: 2);
        await AppointmentAsync("bob", t0.AddHours(3).AddMinutes(10), t0.AddHours(3).AddMinutes(20), busyStatus: 1);
        await AppointmentAsync("bob", t0.AddMinutes(30), t0.AddHours(1), busyStatus: 0);
        // Alice's appointment is not Bob's time.
        await AppointmentAsync("alice", t0, t0.AddHours(4), busyStatus: 3);
        using var device = await _server.DeviceAsync();

        var r = await ResolveAsync(device, [$"bob@{EasTestServer.Domain}"], Availability("2031-03-10T08:00:00.000Z", "2031-03-10T12:00:00.000Z"));
        var availability = ResponseFor(r, $"bob@{EasTestServer.Domain}").Find("ResolveRecipients:Availability")!;
        Assert.Equal("1", availability.Value("ResolveRecipients:Status"));
        // Eight half hours from 08:00: busy 09:00–10:00, tentative within 11:00–11:30, the free appointment changes nothing.
        Assert.Equal("00220010", availability.Value("ResolveRecipients:MergedFreeBusy"));

        // A group merges its members; here only Bob.
        Assert.True((await _server.Directory.CreateGroupAsync($"team@{EasTestServer.Domain}", "Team")).IsSuccess);
        Assert.True((await _server.Directory.AddGroupMemberAsync($"team@{EasTestServer.Domain}", $"bob@{EasTestServer.Domain}")).IsSuccess);
        var team = await ResolveAsync(device, [$"team@{EasTestServer.Domain}"], Availability("2031-03-10T08:00:00.000Z", "2031-03-10T12:00:00.000Z"));
        Assert.Equal("00220010", ResponseFor(team, $"team@{EasTestServer.Domain}").Find("ResolveRecipients:MergedFreeBusy")!.Text);
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S13_TC05_ResolveRecipients_DurationIsTooLarge")]
    [Trait("Scenario", "MSASCMD_S13_TC07_ResolveRecipients_NoPictureExist")]
    [Trait("Scenario", "MSASCMD_S13_TC14_ResolveRecipients_NoCertificates")]
    [Trait("Scenario", "MSASCMD_S13_TC16_ResolveRecipients_Picture_Status173")]
    [Trait("Scenario", "MSASCMD_S21_TC02_CommonStatusCode_173")]
    public async Task CertificatesAndPicturesAnswerNoneAndBadOptionsAreAProtocolError()
    {
        using var device = await _server.DeviceAsync();
        var bob = $"bob@{EasTestServer.Domain}";
        var r = await ResolveAsync(device, [bob], Wb.E("ResolveRecipients:CertificateRetrieval", "2"),
            Wb.E("ResolveRecipients:Picture", Wb.E("ResolveRecipients:MaxSize", "10000")));
        var recipient = ResponseFor(r, bob).Find("ResolveRecipients:Recipient")!;
        Assert.Equal("7", recipient.Find("ResolveRecipients:Certificates")!.Value("ResolveRecipients:Status"));
        Assert.Equal("0", recipient.Find("ResolveRecipients:Certificates")!.Value("ResolveRecipients:CertificateCount"));
        Assert.Equal("173", recipient.Find("ResolveRecipients:Picture")!.Value("ResolveRecipients:Status"));

        // MS-ASCMD 2.2.3.177.12: 5, protocol error.
        Assert.Equal("5", (await ResolveAsync(device, [bob], Wb.E("ResolveRecipients:CertificateRetrieval", "9"))).TopStatus);
        Assert.Equal("5", (await ResolveAsync(device, [bob], Wb.E("ResolveRecipients:Availability", Wb.E("ResolveRecipients:EndTime", "2031-03-10T12:00:00.000Z")))).TopStatus);
        Assert.Equal("5", (await ResolveAsync(device, [bob], Availability("2031-03-10T08:00:00.000Z", "2031-03-10T08:10:00.000Z"))).TopStatus);
        Assert.Equal("5", (await ResolveAsync(device, [bob], Availability("2031-03-10T08:00:00.000Z", "2031-06-10T08:00:00.000Z"))).TopStatus);
        Assert.Equal("5", (await ResolveAsync(device, [])).TopStatus);
    }
}
