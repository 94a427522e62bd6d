using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;
using static Bourse.ActiveSync.Tests.Mapping.MappingTestKit;

namespace Bourse.ActiveSync.Tests.Mapping;

public sealed class CalendarMappingTests
{
    /// W. Europe Standard Time as a device sends it (MS-ASDTYPE 2.7.6): bias -60, DST last Sunday of March/October.
    internal static string BerlinTimezone()
    {
        var blob = new byte[172];
        BitConverter.TryWriteBytes(blob.AsSpan(0), -60);
        Encoding.Unicode.GetBytes("W. Europe Standard Time").CopyTo(blob, 4);
        WriteSystemTime(blob.AsSpan(68), month: 10, dayOfWeek: 0, day: 5, hour: 3);
        Encoding.Unicode.GetBytes("W. Europe Daylight Time").CopyTo(blob, 88);
        WriteSystemTime(blob.AsSpan(152), month: 3, dayOfWeek: 0, day: 5, hour: 2);
        BitConverter.TryWriteBytes(blob.AsSpan(168), -60);
        return Convert.ToBase64String(blob);
    }

    private static void WriteSystemTime(Span<byte> target, short month, short dayOfWeek, short day, short hour)
    {
        BitConverter.TryWriteBytes(target[2..], month);
        BitConverter.TryWriteBytes(target[4..], dayOfWeek);
        BitConverter.TryWriteBytes(target[6..], day);
        BitConverter.TryWriteBytes(target[8..], hour);
    }

    internal static WbxmlElement Meeting(EasProtocolVersion version)
    {
        var app = App(
            E("Calendar:Timezone", BerlinTimezone()),
            E("Calendar:AllDayEvent", "0"),
            E("AirSyncBase:Body", E("AirSyncBase:Type", "1"), E("AirSyncBase:Data", "Agenda:\r\n1. Numbers")),
            E("Calendar:BusyStatus", "2"),
            E("Calendar:OrganizerName", "Alice Example"),
            E("Calendar:OrganizerEmail", "alice@example.com"),
            E("Calendar:DtStamp", "20260301T080000Z"),
            E("Calendar:EndTime", "20260316T100000Z"),
            version >= EasProtocolVersion.V16_0
                ? E("AirSyncBase:Location", E("AirSyncBase:DisplayName", "Room 4 ✓"), E("AirSyncBase:City", "Berlin"), E("AirSyncBase:Latitude", "52.52"))
                : E("Calendar:Location", "Room 4 ✓"),
            E("Calendar:Reminder", "15"),
            E("Calendar:Sensitivity", "0"),
            E("Calendar:Subject", "Weekly sync"),
            E("Calendar:StartTime", "20260316T090000Z"),
            E("Calendar:UID", "9f8e7d6c-weekly@example.com"),
            E("Calendar:MeetingStatus", "1"),
            E("Calendar:Attendees",
                E("Calendar:Attendee", E("Calendar:Email", "bob@example.org"), E("Calendar:Name", "Bob"),
                    E("Calendar:AttendeeStatus", "3"), E("Calendar:AttendeeType", "1")),
                E("Calendar:Attendee", E("Calendar:Email", "room4@example.com"), E("Calendar:Name", "Room 4"),
                    E("Calendar:AttendeeStatus", "0"), E("Calendar:AttendeeType", "3"))),
            E("Calendar:Categories", E("Calendar:Category", "Team")),
            E("Calendar:Recurrence", Recurrence(version)));
        if (version < EasProtocolVersion.V16_0)
        {
            app.Add(E("Calendar:Exceptions",
                E("Calendar:Exception", E("Calendar:Deleted", "1"), E("Calendar:ExceptionStartTime", "20260323T090000Z")),
                E("Calendar:Exception", E("Calendar:ExceptionStartTime", "20260330T080000Z"),
                    E("Calendar:Subject", "Weekly sync (moved)"), E("Calendar:StartTime", "20260330T120000Z"),
                    E("Calendar:EndTime", "20260330T130000Z"),
                    E("AirSyncBase:Body", E("AirSyncBase:Type", "1"), E("AirSyncBase:Data", "Moved to noon")),
                    E("Calendar:Location", "Room 5"), E("Calendar:Categories", E("Calendar:Category", "Moved")),
                    E("Calendar:BusyStatus", "1"), E("Calendar:Reminder", "5"), E("Calendar:MeetingStatus", "1"),
                    E("Calendar:Attendees", E("Calendar:Attendee", E("Calendar:Email", "bob@example.org"), E("Calendar:Name", "Bob"),
                        E("Calendar:AttendeeStatus", "4"), E("Calendar:AttendeeType", "1"))))));
        }

        if (version >= EasProtocolVersion.V14_0)
        {
            app.Add(E("Calendar:DisallowNewTimeProposal", "1"));
            app.Add(E("Calendar:ResponseRequested", "1"));
            app.Add(E("Calendar:AppointmentReplyTime", "20260302T100000Z"));
            app.Add(E("Calendar:ResponseType", "1"));
        }

        if (version >= EasProtocolVersion.V14_1)
        {
            app.Add(E("Calendar:OnlineMeetingConfLink", "https://meet.example.com/c/1"));
            app.Add(E("Calendar:OnlineMeetingExternalLink", "https://meet.example.com/x/1"));
        }

        return app;
    }

    private static IEnumerable<WbxmlElement> Recurrence(EasProtocolVersion version)
    {
        yield return E("Calendar:Type", "1");
        yield return E("Calendar:Interval", "1");
        yield return E("Calendar:DayOfWeek", "2");
        yield return E("Calendar:Until", "20261231T000000Z");
        if (version >= EasProtocolVersion.V14_0)
        {
            yield return E("Calendar:CalendarType", "1");
            yield return E("Calendar:IsLeapMonth", "0");
        }

        if (version >= EasProtocolVersion.V14_1)
        {
            yield return E("Calendar:FirstDayOfWeek", "1");
        }
    }

    [Fact]
    public async Task EveryFieldRoundTripsInEveryVersion()
    {
        foreach (var version in AllVersions)
        {
            var sent = Meeting(version);
            var created = ParseAddOk(sent, EasClass.Calendar, version);
            Assert.Equal("IPM.Appointment", created.Properties.GetString(PropTags.MessageClass));
            Assert.Equal(60, created.Properties.GetInt32(NamedProps.AppointmentDuration));
            Assert.Equal(2, created.Recipients.Count);
            Assert.Equal(2, created.Properties.GetInt32(NamedProps.RecurrenceType));

            var rendered = await RenderAsync(ToItem(created), EasClass.Calendar, Options(version));
            AssertRoundTrip(sent, rendered);
            Assert.Equal("Alice Example", Text(rendered, "Calendar:OrganizerName"));
        }
    }

    [Fact]
    public async Task LocationIsCalendarLocationBefore16AndAirSyncBaseLocationFrom16()
    {
        var item = ToItem(ParseAddOk(App(E("Calendar:Location", "Room 1"), E("Calendar:StartTime", "20260316T090000Z")),
            EasClass.Calendar, EasProtocolVersion.V14_1));
        foreach (var version in AllVersions)
        {
            var rendered = await RenderAsync(item, EasClass.Calendar, Options(version));
            if (version < EasProtocolVersion.V16_0)
            {
                Assert.Equal("Room 1", Text(rendered, "Calendar:Location"));
                Assert.Null(Child(rendered, "AirSyncBase:Location"));
            }
            else
            {
                Assert.Null(Child(rendered, "Calendar:Location"));
                Assert.Equal("Room 1", Text(Child(rendered, "AirSyncBase:Location")!, "AirSyncBase:DisplayName"));
            }
        }
    }

    [Fact]
    public async Task ExceptionsNameTheirOccurrenceByVersion()
    {
        var item = ToItem(ParseAddOk(Meeting(EasProtocolVersion.V14_1), EasClass.Calendar, EasProtocolVersion.V14_1));
        var old = Child(Child(await RenderAsync(item, EasClass.Calendar, Options(EasProtocolVersion.V14_1)), "Calendar:Exceptions")!, "Calendar:Exception")!;
        Assert.Equal("20260323T090000Z", Text(old, "Calendar:ExceptionStartTime"));

        var rendered = await RenderAsync(item, EasClass.Calendar, Options(EasProtocolVersion.V16_1));
        var exceptions = Children(Child(rendered, "Calendar:Exceptions")!, "Calendar:Exception").ToList();
        Assert.Equal("20260323T090000Z", Text(exceptions[0], "AirSyncBase:InstanceId"));
        Assert.Null(Child(exceptions[0], "Calendar:ExceptionStartTime"));
        Assert.Equal("Room 5", Text(Child(exceptions[1], "AirSyncBase:Location")!, "AirSyncBase:DisplayName"));
        Assert.Null(Child(exceptions[1], "Calendar:Attendees"));
    }

    [Fact]
    public async Task FirstDayOfWeekOnlyFrom141()
    {
        var item = ToItem(ParseAddOk(Meeting(EasProtocolVersion.V16_1), EasClass.Calendar, EasProtocolVersion.V16_1));
        Assert.Null(Child(Child(await RenderAsync(item, EasClass.Calendar, Options(EasProtocolVersion.V14_0)), "Calendar:Recurrence")!, "Calendar:FirstDayOfWeek"));
        Assert.Null(Child(Child(await RenderAsync(item, EasClass.Calendar, Options(EasProtocolVersion.V12_1)), "Calendar:Recurrence")!, "Calendar:CalendarType"));
        Assert.Equal("1", Text(Child(await RenderAsync(item, EasClass.Calendar, Options(EasProtocolVersion.V14_1)), "Calendar:Recurrence")!, "Calendar:FirstDayOfWeek"));
    }

    [Fact]
    public void TimezoneIsKeptByteExactAndMirroredInPidLidTimeZoneStruct()
    {
        var created = ParseAddOk(App(E("Calendar:Timezone", BerlinTimezone())), EasClass.Calendar, EasProtocolVersion.V14_1);
        Assert.Equal(Convert.FromBase64String(BerlinTimezone()), created.Properties.GetBinary(NamedProps.TimeZoneInformation));
        var tz = created.Properties.GetBinary(NamedProps.TimeZoneStruct)!;
        Assert.Equal(48, tz.Length);
        Assert.Equal(-60, BitConverter.ToInt32(tz, 0));
        Assert.Equal(10, BitConverter.ToInt16(tz, 16));
        Assert.Equal("W. Europe Standard Time", created.Properties.GetString(NamedProps.TimeZoneDescription));

        // Rebuilt from the MAPI form alone, the blob keeps bias, dates and the standard name.
        var mapiOnly = new PropertyBag()
            .Set(NamedProps.TimeZoneStruct, PropertyValue.Binary(tz))
            .Set(NamedProps.TimeZoneDescription, PropertyValue.Unicode("W. Europe Standard Time"));
        var rebuilt = TimeZoneBlob.Read(mapiOnly);
        Assert.Equal(Convert.FromBase64String(BerlinTimezone()).AsSpan(0, 88).ToArray(), rebuilt.AsSpan(0, 88).ToArray());
        Assert.Equal(new byte[172], TimeZoneBlob.Read(new PropertyBag()));
    }

    [Fact]
    public async Task OutlookUidsRoundTripAsHexAndThirdPartyUidsAsText()
    {
        const string outlook = "040000008200E00074C5B7101A82E00800000000E040C9C12685C4010000000000000000100000000BF0ED4B6E4EE94E9E39E3867B378EF3";
        var created = ParseAddOk(App(E("Calendar:UID", outlook)), EasClass.Calendar, EasProtocolVersion.V14_1);
        Assert.Equal(Convert.FromHexString(outlook), created.Properties.GetBinary(NamedProps.GlobalObjectId));
        Assert.Equal(outlook, Text(await RenderAsync(ToItem(created), EasClass.Calendar, Options(EasProtocolVersion.V14_1)), "Calendar:UID"));

        // MS-ASEMAIL 4.3 example 2: a vCal-Uid global object id gives back the original UID.
        var goid = Convert.FromBase64String("BAAAAIIA4AB0xbcQGoLgCAAAAAAAAAAAAAAAAAAAAAAAAAAAMwAAAHZDYWwtVWlkAQAAAHs4MTQxMkQzQy0yQTI0LTRFOUQtQjIwRS0xMUY3QkJFOTI3OTl9AA==");
        Assert.Equal("{81412D3C-2A24-4E9D-B20E-11F7BBE92799}", GlobalObjectIds.ToUid(goid));
        Assert.Equal(goid, GlobalObjectIds.FromUid("{81412D3C-2A24-4E9D-B20E-11F7BBE92799}"));

        var clientUid = ParseAddOk(App(E("Calendar:ClientUid", "device-123")), EasClass.Calendar, EasProtocolVersion.V16_0);
        Assert.Equal("device-123", GlobalObjectIds.ToUid(clientUid.Properties.GetBinary(NamedProps.GlobalObjectId)));
        var generated = ParseAddOk(App(E("Calendar:Subject", "x")), EasClass.Calendar, EasProtocolVersion.V16_0);
        Assert.NotNull(generated.Properties.GetBinary(NamedProps.GlobalObjectId));
    }

    [Fact]
    public void ChangeWithoutSupportedDeletesAndClearsAttendees()
    {
        var item = ToItem(ParseAddOk(Meeting(EasProtocolVersion.V14_1), EasClass.Calendar, EasProtocolVersion.V14_1));
        var change = ParseChangeOk(App(E("Calendar:Subject", "Renamed"), E("Calendar:StartTime", "20260316T090000Z"),
            E("Calendar:EndTime", "20260316T103000Z")), EasClass.Calendar, EasProtocolVersion.V14_1);
        var changed = Apply(item, change);
        Assert.Equal("Renamed", changed.Properties.GetString(PropTags.Subject));
        Assert.Equal(90, changed.Properties.GetInt32(NamedProps.AppointmentDuration));
        Assert.Null(changed.Properties.GetString(NamedProps.Location));
        Assert.False(changed.Properties.GetBoolean(NamedProps.ReminderSet));
        Assert.False(changed.Properties.GetBoolean(NamedProps.Recurring));
        Assert.Null(changed.Properties.GetBinary(NamedProps.RecurrenceExceptions));
        Assert.Empty(changed.Recipients);
        // The UID never changes.
        Assert.Equal(item.Properties.GetBinary(NamedProps.GlobalObjectId), changed.Properties.GetBinary(NamedProps.GlobalObjectId));
    }

    [Fact]
    public void GhostedAttendeesAndBodyAreKept()
    {
        var item = ToItem(ParseAddOk(Meeting(EasProtocolVersion.V14_1), EasClass.Calendar, EasProtocolVersion.V14_1));
        var supported = SupportedElements.FromSupported(E("AirSync:Supported", E("Calendar:Subject"), E("Calendar:Location")));
        var change = ParseChangeOk(App(E("Calendar:Subject", "Renamed")), EasClass.Calendar, EasProtocolVersion.V14_1, supported);
        Assert.Null(change.Recipients);
        var changed = Apply(item, change);
        Assert.Null(changed.Properties.GetString(NamedProps.Location));
        Assert.Equal(2, changed.Recipients.Count);
        Assert.NotNull(changed.Properties.GetString(PropTags.Body));
        Assert.True(changed.Properties.GetBoolean(NamedProps.Recurring));
    }

    [Fact]
    public void A16ChangeWithoutExceptionsKeepsThem()
    {
        var item = ToItem(ParseAddOk(Meeting(EasProtocolVersion.V14_1), EasClass.Calendar, EasProtocolVersion.V14_1));
        var sent = Meeting(EasProtocolVersion.V16_1);
        var change = ParseChangeOk(sent, EasClass.Calendar, EasProtocolVersion.V16_1);
        var changed = Apply(item, change);
        Assert.Equal(2, CalendarExceptionsCodec.Read(changed.Properties).Count);
        Assert.Equal("Room 4 ✓", changed.Properties.GetString(NamedProps.Location));
    }

    [Fact]
    public async Task ItemsWithoutTimezoneRenderUtc()
    {
        var item = ToItem(new NewItem(new PropertyBag().Set(PropTags.MessageClass, "IPM.Appointment")
            .Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc)))));
        var rendered = await RenderAsync(item, EasClass.Calendar, Options(EasProtocolVersion.V12_1));
        Assert.Equal(Convert.ToBase64String(new byte[172]), Text(rendered, "Calendar:Timezone"));
        Assert.Equal("20260101T090000Z", Text(rendered, "Calendar:StartTime"));
        Assert.Equal("0", Text(rendered, "Calendar:MeetingStatus"));
    }

    public static TheoryData<string, int> BadEvents() => new()
    {
        { "start-feb-30", (int)ItemParseError.InvalidDate },
        { "meeting-status-2", (int)ItemParseError.InvalidValue },
        { "timezone-short", (int)ItemParseError.InvalidValue },
        { "timezone-long", (int)ItemParseError.TooLarge },
        { "recurrence-no-type", (int)ItemParseError.MissingRequired },
        { "recurrence-type-4", (int)ItemParseError.InvalidValue },
        { "recurrence-interval-0", (int)ItemParseError.InvalidValue },
        { "attendee-no-email", (int)ItemParseError.MissingRequired },
        { "attendee-type-9", (int)ItemParseError.InvalidValue },
        { "exception-no-start", (int)ItemParseError.MissingRequired },
        { "too-many-exceptions", (int)ItemParseError.TooLarge },
        { "reminder-negative", (int)ItemParseError.InvalidValue },
        { "busy-7", (int)ItemParseError.InvalidValue },
        { "uid-too-long", (int)ItemParseError.TooLarge },
        { "all-day-yes", (int)ItemParseError.InvalidValue },
        { "latitude-words", (int)ItemParseError.InvalidValue },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public void BadEventsAreTypedFailures(string name, int expected)
    {
        var app = name switch
        {
            "start-feb-30" => App(E("Calendar:StartTime", "20260230T090000Z")),
            "meeting-status-2" => App(E("Calendar:MeetingStatus", "2")),
            "timezone-short" => App(E("Calendar:Timezone", Convert.ToBase64String(new byte[100]))),
            "timezone-long" => App(E("Calendar:Timezone", Convert.ToBase64String(new byte[400]))),
            "recurrence-no-type" => App(E("Calendar:Recurrence", E("Calendar:Interval", "1"))),
            "recurrence-type-4" => App(E("Calendar:Recurrence", E("Calendar:Type", "4"))),
            "recurrence-interval-0" => App(E("Calendar:Recurrence", E("Calendar:Type", "0"), E("Calendar:Interval", "0"))),
            "attendee-no-email" => App(E("Calendar:Attendees", E("Calendar:Attendee", E("Calendar:Name", "Bob")))),
            "attendee-type-9" => App(E("Calendar:Attendees", E("Calendar:Attendee", E("Calendar:Email", "b@x"), E("Calendar:AttendeeType", "9")))),
            "exception-no-start" => App(E("Calendar:Exceptions", E("Calendar:Exception", E("Calendar:Deleted", "1")))),
            "too-many-exceptions" => App(E("Calendar:Exceptions", Enumerable.Range(0, 257).Select(i =>
                E("Calendar:Exception", E("Calendar:Deleted", "1"), E("Calendar:ExceptionStartTime", "20260101T000000Z"))))),
            "reminder-negative" => App(E("Calendar:Reminder", "-5")),
            "busy-7" => App(E("Calendar:BusyStatus", "7")),
            "uid-too-long" => App(E("Calendar:UID", new string('u', 301))),
            "all-day-yes" => App(E("Calendar:AllDayEvent", "yes")),
            "latitude-words" => App(E("AirSyncBase:Location", E("AirSyncBase:DisplayName", "x"), E("AirSyncBase:Latitude", "north"))),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.Equal((ItemParseError)expected, ItemParser.ParseAdd(app, EasClass.Calendar, EasProtocolVersion.V16_1).Error);
    }
}
