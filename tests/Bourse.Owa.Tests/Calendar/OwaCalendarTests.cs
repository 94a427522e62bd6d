using System.Net;
using System.Text;
using System.Text.Json;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Calendar;

/// <summary>The Calendar part of docs/owa-api.md over real HTTPS, and the properties it stores for ActiveSync.</summary>
public sealed class OwaCalendarTests : IAsyncLifetime
{
    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Weekly(string zone = "Europe/Paris", string start = "2026-03-16T08:00:00Z", string end = "2026-03-16T09:00:00Z", object? recurrence = null) => new
    {
        subject = "Team meeting", startUtc = start, endUtc = end, isAllDay = false, location = "Room 1", bodyHtml = "<p>Agenda <script>x()</script></p>",
        timeZone = zone, showAs = "tentative", reminderMinutes = 10,
        recurrence = recurrence ?? new { type = "weekly", interval = 1, daysOfWeek = new[] { "monday" }, dayOfMonth = (int?)null, weekOfMonth = (int?)null, monthOfYear = (int?)null, until = (string?)null, count = (int?)null },
        attendees = new[] { new { name = "Bob", address = "bob@bourse.test", type = "required" }, new { name = "Room", address = "room@bourse.test", type = "resource" } },
    };

    private async Task<JsonElement> CreateAsync(OwaSession session, object body)
    {
        using var response = await session.PostJsonAsync("/owa/service/calendar/events", body);
        return await OwaSession.ReadAsync(response, HttpStatusCode.Created);
    }

    private static List<JsonElement> Events(JsonElement list) => [.. list.GetProperty("events").EnumerateArray()];

    [Fact]
    public async Task ACreatedSeriesIsStoredWithTheActiveSyncProperties()
    {
        using var alice = await _server.SignInAsync();
        var created = await CreateAsync(alice, Weekly());
        var item = await _server.StoredItemAsync(created.GetProperty("id").GetString()!);
        var bag = item.Properties;
        Assert.Equal("IPM.Appointment", item.MessageClass);
        var calendar = await _server.WellKnownFolderAsync("alice", WellKnownFolder.Calendar);
        Assert.Equal(calendar!.Id, item.FolderId);
        Assert.Equal("Team meeting", bag.GetString(PropTags.Subject));
        Assert.Equal(new DateTime(2026, 3, 16, 8, 0, 0, DateTimeKind.Utc), bag.GetDateTime(NamedProps.AppointmentStartWhole));
        Assert.Equal(new DateTime(2026, 3, 16, 9, 0, 0, DateTimeKind.Utc), bag.GetDateTime(NamedProps.AppointmentEndWhole));
        Assert.Equal(bag.GetDateTime(NamedProps.AppointmentStartWhole), bag.GetDateTime(NamedProps.CommonStart));
        Assert.Equal(60, bag.GetInt32(NamedProps.AppointmentDuration));
        Assert.False(bag.GetBoolean(NamedProps.AppointmentSubType));
        Assert.Equal("Room 1", bag.GetString(NamedProps.Location));
        Assert.Equal(1, bag.GetInt32(NamedProps.BusyStatus));
        Assert.True(bag.GetBoolean(NamedProps.ReminderSet));
        Assert.Equal(10, bag.GetInt32(NamedProps.ReminderDelta));
        // The time zone ActiveSync sends to the phone (MS-ASDTYPE 2.7.6) and its MAPI form.
        Assert.Equal(172, bag.GetBinary(NamedProps.TimeZoneInformation)!.Length);
        Assert.Equal(48, bag.GetBinary(NamedProps.TimeZoneStruct)!.Length);
        Assert.Equal("Europe/Paris", bag.GetString(NamedProps.TimeZoneDescription));
        // The recurrence pattern in ActiveSync numbering, PidLidRecurring and PidLidRecurrenceType in step.
        Assert.Equal(1, bag.GetInt32(NamedProps.RecurrencePatternType));
        Assert.Equal(1, bag.GetInt32(NamedProps.RecurrenceInterval));
        Assert.Equal(1 << (int)DayOfWeek.Monday, bag.GetInt32(NamedProps.RecurrenceDayOfWeek));
        Assert.True(bag.GetBoolean(NamedProps.Recurring));
        Assert.Equal(2, bag.GetInt32(NamedProps.RecurrenceType));
        Assert.Null(bag.GetDateTime(NamedProps.RecurrenceUntil));
        // UID, organizer, meeting flag, attendees as recipient rows, a sanitized HTML body with its text.
        Assert.Equal(56, bag.GetBinary(NamedProps.GlobalObjectId)!.Length);
        Assert.Equal(bag.GetBinary(NamedProps.GlobalObjectId), bag.GetBinary(NamedProps.CleanGlobalObjectId));
        Assert.Equal("alice@bourse.test", bag.GetString(PropTags.SentRepresentingSmtpAddress));
        Assert.Equal("Alice", bag.GetString(PropTags.SentRepresentingName));
        Assert.Equal(1, bag.GetInt32(NamedProps.AppointmentStateFlags));
        Assert.Equal([(RecipientType.To, "bob@bourse.test"), (RecipientType.Bcc, "room@bourse.test")], item.Recipients.Select(r => (r.Type, r.Address)));
        var html = Encoding.UTF8.GetString(bag.GetBinary(PropTags.Html)!);
        Assert.Contains("Agenda", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script", html, StringComparison.Ordinal);
        Assert.Equal("Agenda", bag.GetString(PropTags.Body));

        // Read back through the API.
        var read = await alice.GetJsonAsync("/owa/service/calendar/events/" + created.GetProperty("id").GetString());
        Assert.Equal("Europe/Paris", read.GetProperty("timeZone").GetString());
        Assert.Equal("tentative", read.GetProperty("showAs").GetString());
        Assert.Equal(10, read.GetProperty("reminderMinutes").GetInt32());
        Assert.Equal("weekly", read.GetProperty("recurrence").GetProperty("type").GetString());
        Assert.Equal(["monday"], read.GetProperty("recurrence").GetProperty("daysOfWeek").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("alice@bourse.test", read.GetProperty("organizer").GetProperty("address").GetString());
        Assert.Equal(["required", "resource"], read.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task ASeriesIsExpandedInItsZoneAcrossDaylightSaving()
    {
        using var alice = await _server.SignInAsync();
        var id = (await CreateAsync(alice, Weekly())).GetProperty("id").GetString();
        var list = Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-03-20T00:00:00Z&end=2026-04-10T00:00:00Z"));
        Assert.Equal(["2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z"], list.Select(e => e.GetProperty("startUtc").GetString()));
        Assert.All(list, e => Assert.Equal(id, e.GetProperty("id").GetString()));
        Assert.All(list, e => Assert.True(e.GetProperty("isRecurring").GetBoolean()));
        Assert.Equal("2026-03-30T07:00:00Z", list[1].GetProperty("occurrenceStartUtc").GetString());
        Assert.Equal("2026-03-30T08:00:00Z", list[1].GetProperty("endUtc").GetString());
    }

    [Fact]
    public async Task ASeriesBegunLongBeforeTheRangeIsFoundAndSinglesBesideIt()
    {
        using var alice = await _server.SignInAsync();
        await CreateAsync(alice, Weekly(start: "2020-01-06T08:00:00Z", end: "2020-01-06T09:00:00Z"));
        using (var single = await alice.PostJsonAsync("/owa/service/calendar/events", new { subject = "Dentist", startUtc = "2026-06-02T10:00:00Z", endUtc = "2026-06-02T10:30:00Z", timeZone = "Europe/Paris" }))
            await OwaSession.ReadAsync(single, HttpStatusCode.Created);
        var list = Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-06-01T00:00:00Z&end=2026-06-03T00:00:00Z"));
        Assert.Equal(["Team meeting", "Dentist"], list.Select(e => e.GetProperty("subject").GetString()));
        Assert.Equal("2026-06-01T07:00:00Z", list[0].GetProperty("startUtc").GetString());
        Assert.Equal(JsonValueKind.Null, list[1].GetProperty("occurrenceStartUtc").ValueKind);
        Assert.False(list[1].GetProperty("isRecurring").GetBoolean());
        Assert.Equal("busy", list[1].GetProperty("showAs").GetString());
        Assert.Equal(JsonValueKind.Null, list[1].GetProperty("reminderMinutes").ValueKind);
    }

    [Fact]
    public async Task DeletingAnOccurrenceWritesADeletedExceptionAndAChangedOneMoves()
    {
        using var alice = await _server.SignInAsync();
        var id = (await CreateAsync(alice, Weekly())).GetProperty("id").GetString()!;
        using (var delete = await alice.DeleteAsync($"/owa/service/calendar/events/{id}?occurrence=2026-03-23T08:00:00Z"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var item = await _server.StoredItemAsync(id);
        var exception = Assert.Single(CalendarExceptionsCodec.Read(item.Properties));
        Assert.Equal(new DateTime(2026, 3, 23, 8, 0, 0, DateTimeKind.Utc), exception.GetDateTime(NamedProps.ExceptionStartTime));
        Assert.True(exception.GetBoolean(NamedProps.ExceptionDeleted));

        // A phone moves the 30 March occurrence to Tuesday 31 March 14:00 local (12:00 UTC) and renames it, as ActiveSync stores it.
        var exceptions = CalendarExceptionsCodec.Read(item.Properties);
        exceptions.Add(new PropertyBag()
            .Set(NamedProps.ExceptionStartTime, PropertyValue.SysTime(new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc)))
            .Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(new DateTime(2026, 3, 31, 12, 0, 0, DateTimeKind.Utc)))
            .Set(NamedProps.AppointmentEndWhole, PropertyValue.SysTime(new DateTime(2026, 3, 31, 13, 0, 0, DateTimeKind.Utc)))
            .Set(PropTags.Subject, "Moved meeting"));
        Assert.True((await _server.Store.UpdateItemAsync(item.Id.Equals(default) ? default : (await _server.UserAsync("alice")).MailboxId, item.Id,
            new PropertyChanges().With(NamedProps.RecurrenceExceptions, PropertyValue.Binary(CalendarExceptionsCodec.Serialize(exceptions))))).IsSuccess);

        var list = Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-03-16T00:00:00Z&end=2026-04-07T00:00:00Z"));
        Assert.Equal(["2026-03-16T08:00:00Z", "2026-03-31T12:00:00Z", "2026-04-06T07:00:00Z"], list.Select(e => e.GetProperty("startUtc").GetString()));
        Assert.Equal("Moved meeting", list[1].GetProperty("subject").GetString());
        Assert.Equal("2026-03-30T07:00:00Z", list[1].GetProperty("occurrenceStartUtc").GetString());
        // Moved in from outside the range too: only the 31st is asked.
        var moved = Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-03-31T00:00:00Z&end=2026-04-01T00:00:00Z"));
        Assert.Equal("Moved meeting", Assert.Single(moved).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task CountAndUntilEndTheSeries()
    {
        using var alice = await _server.SignInAsync();
        await CreateAsync(alice, Weekly(recurrence: new { type = "daily", interval = 1, count = 3 }));
        await CreateAsync(alice, Weekly(start: "2026-03-16T12:00:00Z", end: "2026-03-16T12:30:00Z",
            recurrence: new { type = "weekly", interval = 1, daysOfWeek = new[] { "monday", "wednesday" }, until = "2026-03-23" }));
        var list = Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-03-01T00:00:00Z&end=2026-05-01T00:00:00Z"));
        Assert.Equal(["2026-03-16T08:00:00Z", "2026-03-16T12:00:00Z", "2026-03-17T08:00:00Z", "2026-03-18T08:00:00Z", "2026-03-18T12:00:00Z", "2026-03-23T12:00:00Z"],
            list.Select(e => e.GetProperty("startUtc").GetString()));
        var until = (await alice.GetJsonAsync("/owa/service/calendar/events/" + list[1].GetProperty("id").GetString())).GetProperty("recurrence");
        Assert.Equal("2026-03-23", until.GetProperty("until").GetString());
        // The end as ActiveSync sends it: the start of the last occurrence (MS-ASCAL Until), in UTC.
        var stored = (await _server.StoredItemAsync(list[1].GetProperty("id").GetString()!)).Properties;
        Assert.Equal(new DateTime(2026, 3, 23, 12, 0, 0, DateTimeKind.Utc), stored.GetDateTime(NamedProps.RecurrenceUntil));
        Assert.Null(stored.GetInt32(NamedProps.RecurrenceCalendarType));
        Assert.Equal(3, (await _server.StoredItemAsync(list[0].GetProperty("id").GetString()!)).Properties.GetInt32(NamedProps.RecurrenceOccurrences));
    }

    [Fact]
    public async Task AMonthlySeriesCarriesItsCalendarTypeForActiveSync()
    {
        using var alice = await _server.SignInAsync();
        var created = await CreateAsync(alice, Weekly(start: "2026-01-30T12:00:00Z", end: "2026-01-30T13:00:00Z",
            recurrence: new { type = "monthlyNth", interval = 1, daysOfWeek = new[] { "friday" }, weekOfMonth = 5 }));
        var bag = (await _server.StoredItemAsync(created.GetProperty("id").GetString()!)).Properties;
        Assert.Equal(3, bag.GetInt32(NamedProps.RecurrencePatternType));
        Assert.Equal(3, bag.GetInt32(NamedProps.RecurrenceType));
        Assert.Equal(5, bag.GetInt32(NamedProps.RecurrenceWeekOfMonth));
        Assert.Equal(0, bag.GetInt32(NamedProps.RecurrenceCalendarType));
        var list = Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-02-01T00:00:00Z&end=2026-04-01T00:00:00Z"));
        Assert.Equal(["2026-02-27T12:00:00Z", "2026-03-27T12:00:00Z"], list.Select(e => e.GetProperty("startUtc").GetString()));
    }

    [Fact]
    public async Task AnAllDayEventRunsMidnightToMidnightInItsZone()
    {
        using var alice = await _server.SignInAsync();
        var created = await CreateAsync(alice, new { subject = "Holiday", startUtc = "2026-07-14T10:00:00Z", endUtc = "2026-07-14T11:00:00Z", isAllDay = true, timeZone = "Europe/Paris" });
        Assert.Equal("2026-07-13T22:00:00Z", created.GetProperty("startUtc").GetString());
        Assert.Equal("2026-07-14T22:00:00Z", created.GetProperty("endUtc").GetString());
        var bag = (await _server.StoredItemAsync(created.GetProperty("id").GetString()!)).Properties;
        Assert.True(bag.GetBoolean(NamedProps.AppointmentSubType));
    }

    [Fact]
    public async Task TheUsersTimeZoneIsTheDefault()
    {
        using var alice = await _server.SignInAsync();
        using (var put = await alice.PutJsonAsync("/owa/service/settings/mail", new { timeZone = "America/New_York" }))
            await OwaSession.ReadAsync(put, HttpStatusCode.OK);
        var created = await CreateAsync(alice, new { subject = "Call", startUtc = "2026-07-01T14:00:00Z", endUtc = "2026-07-01T15:00:00Z" });
        Assert.Equal("America/New_York", created.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task PutReplacesTheEventAndKeepsItsUid()
    {
        using var alice = await _server.SignInAsync();
        var id = (await CreateAsync(alice, Weekly())).GetProperty("id").GetString()!;
        var uid = (await _server.StoredItemAsync(id)).Properties.GetBinary(NamedProps.GlobalObjectId);
        using var put = await alice.PutJsonAsync("/owa/service/calendar/events/" + id, new
        {
            subject = "Renamed", startUtc = "2026-03-17T09:00:00Z", endUtc = "2026-03-17T10:00:00Z", timeZone = "UTC", showAs = "oof", reminderMinutes = (int?)null,
        });
        var read = await OwaSession.ReadAsync(put, HttpStatusCode.OK);
        Assert.Equal("Renamed", read.GetProperty("subject").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("recurrence").ValueKind);
        Assert.Empty(read.GetProperty("attendees").EnumerateArray());
        var bag = (await _server.StoredItemAsync(id)).Properties;
        Assert.Equal(uid, bag.GetBinary(NamedProps.GlobalObjectId));
        Assert.False(bag.GetBoolean(NamedProps.Recurring));
        Assert.Null(bag.GetInt32(NamedProps.RecurrencePatternType));
        Assert.False(bag.GetBoolean(NamedProps.ReminderSet));
        Assert.Equal(3, bag.GetInt32(NamedProps.BusyStatus));
        Assert.Equal(0, bag.GetInt32(NamedProps.AppointmentStateFlags));
    }

    [Fact]
    public async Task DeleteMovesTheEventToDeletedItems()
    {
        using var alice = await _server.SignInAsync();
        var id = (await CreateAsync(alice, Weekly())).GetProperty("id").GetString()!;
        using (var delete = await alice.DeleteAsync("/owa/service/calendar/events/" + id))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var deleted = await _server.WellKnownFolderAsync("alice", WellKnownFolder.DeletedItems);
        Assert.Equal(deleted!.Id, (await _server.StoredItemAsync(id)).FolderId);
        Assert.Empty(Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z")));
    }

    [Fact]
    public async Task ASeriesFromAPhoneIsShownInItsZone()
    {
        using var alice = await _server.SignInAsync();
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        var calendar = (await _server.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Calendar))!;
        // What ActiveSync's parser stores for an iPhone in New York: a Monday 9:00 weekly series until 30 March, its blob
        // named the Windows way, the 9 March occurrence deleted.
        var blob = CalendarTimeZone.ToBlob(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), 2026);
        blob.AsSpan(4, 64).Clear();
        Encoding.Unicode.GetBytes("Eastern Standard Time").CopyTo(blob, 4);
        blob.AsSpan(88, 64).Clear();
        var deleted = new PropertyBag().Set(NamedProps.ExceptionStartTime, PropertyValue.SysTime(new DateTime(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc)))
            .Set(NamedProps.ExceptionDeleted, PropertyValue.Boolean(true));
        var bag = new PropertyBag()
            .Set(PropTags.MessageClass, "IPM.Appointment").Set(PropTags.Subject, "Stand-up")
            .Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc)))
            .Set(NamedProps.AppointmentEndWhole, PropertyValue.SysTime(new DateTime(2026, 3, 2, 14, 15, 0, DateTimeKind.Utc)))
            .Set(NamedProps.TimeZoneInformation, PropertyValue.Binary(blob))
            .Set(NamedProps.RecurrencePatternType, PropertyValue.Long(1)).Set(NamedProps.RecurrenceInterval, PropertyValue.Long(1))
            .Set(NamedProps.RecurrenceDayOfWeek, PropertyValue.Long(1 << (int)DayOfWeek.Monday))
            .Set(NamedProps.RecurrenceUntil, PropertyValue.SysTime(new DateTime(2026, 3, 31, 3, 59, 59, DateTimeKind.Utc)))
            .Set(NamedProps.Recurring, PropertyValue.Boolean(true))
            .Set(NamedProps.RecurrenceExceptions, PropertyValue.Binary(CalendarExceptionsCodec.Serialize([deleted])));
        var created = await _server.Store.CreateItemAsync(mailbox, calendar.Id, new NewItem(bag));
        Assert.True(created.IsSuccess);

        var list = Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-03-01T00:00:00Z&end=2026-05-01T00:00:00Z"));
        // 9:00 New York: 14:00 UTC before the second Sunday of March, 13:00 after; the 9th deleted; nothing after the 30th.
        Assert.Equal(["2026-03-02T14:00:00Z", "2026-03-16T13:00:00Z", "2026-03-23T13:00:00Z", "2026-03-30T13:00:00Z"],
            list.Select(e => e.GetProperty("startUtc").GetString()));
        var read = await alice.GetJsonAsync("/owa/service/calendar/events/" + StoreIds.Encode(mailbox, created.Value.Id));
        Assert.Equal("America/New_York", read.GetProperty("timeZone").GetString());
        Assert.Equal("2026-03-30", read.GetProperty("recurrence").GetProperty("until").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("organizer").ValueKind);
    }

    [Fact]
    public async Task APutKeepsExceptionsOnlyWhileThePatternStays()
    {
        using var alice = await _server.SignInAsync();
        var id = (await CreateAsync(alice, Weekly())).GetProperty("id").GetString()!;
        using (var delete = await alice.DeleteAsync($"/owa/service/calendar/events/{id}?occurrence=2026-03-23T08:00:00Z"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var same = Weekly();
        using (var put = await alice.PutJsonAsync("/owa/service/calendar/events/" + id, same))
            await OwaSession.ReadAsync(put, HttpStatusCode.OK);
        Assert.Single(CalendarExceptionsCodec.Read((await _server.StoredItemAsync(id)).Properties));
        using (var put = await alice.PutJsonAsync("/owa/service/calendar/events/" + id, Weekly(recurrence: new { type = "daily", interval = 1 })))
            await OwaSession.ReadAsync(put, HttpStatusCode.OK);
        Assert.Empty(CalendarExceptionsCodec.Read((await _server.StoredItemAsync(id)).Properties));
    }

    [Fact]
    public async Task ACalendarSubfolderHoldsItsOwnEventsAndAPutMovesOne()
    {
        using var alice = await _server.SignInAsync();
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        var calendar = (await _server.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Calendar))!;
        var team = await _server.Store.CreateFolderAsync(mailbox, calendar.Id, "Team", "IPF.Appointment");
        Assert.True(team.IsSuccess);
        var teamId = StoreIds.Encode(mailbox, team.Value.Id);
        var body = new { folderId = teamId, subject = "Team lunch", startUtc = "2026-05-05T11:00:00Z", endUtc = "2026-05-05T12:00:00Z", timeZone = "UTC" };
        var created = await CreateAsync(alice, body);
        Assert.Equal(teamId, created.GetProperty("folderId").GetString());
        var range = "?start=2026-05-01T00:00:00Z&end=2026-06-01T00:00:00Z";
        Assert.Empty(Events(await alice.GetJsonAsync("/owa/service/calendar/events" + range)));
        Assert.Single(Events(await alice.GetJsonAsync("/owa/service/calendar/events" + range + "&folderId=" + teamId)));

        using var put = await alice.PutJsonAsync("/owa/service/calendar/events/" + created.GetProperty("id").GetString(),
            new { folderId = StoreIds.Encode(mailbox, calendar.Id), subject = "Team lunch", startUtc = "2026-05-05T11:00:00Z", endUtc = "2026-05-05T12:00:00Z", timeZone = "UTC" });
        Assert.Equal(StoreIds.Encode(mailbox, calendar.Id), (await OwaSession.ReadAsync(put, HttpStatusCode.OK)).GetProperty("folderId").GetString());
        Assert.Single(Events(await alice.GetJsonAsync("/owa/service/calendar/events" + range)));
        Assert.Empty(Events(await alice.GetJsonAsync("/owa/service/calendar/events" + range + "&folderId=" + teamId)));
    }

    // ---- bad input ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("")]
    [InlineData("?start=2026-03-01T00:00:00Z")]
    [InlineData("?start=yesterday&end=2026-03-01T00:00:00Z")]
    [InlineData("?start=2026-03-02T00:00:00Z&end=2026-03-01T00:00:00Z")]
    [InlineData("?start=2026-01-01T00:00:00Z&end=2027-02-01T00:00:00Z")]
    public async Task BadRangesAreInvalidValue(string query)
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.GetAsync("/owa/service/calendar/events" + query);
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Fact]
    public async Task MoreThan2000OccurrencesIsInvalidValue()
    {
        using var alice = await _server.SignInAsync();
        for (var i = 0; i < 6; i++)
            await CreateAsync(alice, Weekly(start: $"2026-01-01T0{i}:00:00Z", end: $"2026-01-01T0{i}:30:00Z", recurrence: new { type = "daily", interval = 1 }));
        using var response = await alice.GetAsync("/owa/service/calendar/events?start=2026-01-01T00:00:00Z&end=2026-12-31T00:00:00Z");
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
        Assert.Equal(6 * 31, Events(await alice.GetJsonAsync("/owa/service/calendar/events?start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z")).Count);
    }

    [Theory]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z"}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T09:00:00Z"}""")]
    [InlineData("""{"subject":"x","startUtc":"not a time","endUtc":"2026-03-01T09:00:00Z"}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","timeZone":"Mars/Base"}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","showAs":"away"}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","reminderMinutes":-5}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","recurrence":{"type":"hourly"}}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","recurrence":{"type":"weekly","interval":0}}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","recurrence":{"type":"weekly","daysOfWeek":["funday"]}}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","recurrence":{"type":"daily","until":"2026-02-01"}}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","recurrence":{"type":"daily","until":"soon"}}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","recurrence":{"type":"daily","count":3,"until":"2026-04-01"}}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","attendees":[{"address":"not an address"}]}""")]
    [InlineData("""{"subject":"x","startUtc":"2026-03-01T10:00:00Z","endUtc":"2026-03-01T11:00:00Z","attendees":[{"address":"a@b.c","type":"boss"}]}""")]
    [InlineData("""{"subject":"x",""")]
    [InlineData("""[]""")]
    public async Task BadEventsAreInvalidValueAndCreateNothing(string json)
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.SendJsonTextAsync(HttpMethod.Post, "/owa/service/calendar/events", json);
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
        var calendar = await _server.WellKnownFolderAsync("alice", WellKnownFolder.Calendar);
        Assert.Equal(0, calendar!.TotalCount);
    }

    [Fact]
    public async Task OversizeEventIs413()
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.PostJsonAsync("/owa/service/calendar/events",
            new { subject = "x", startUtc = "2026-03-01T10:00:00Z", endUtc = "2026-03-01T11:00:00Z", bodyHtml = new string('x', 70 * 1024) });
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "TooLarge");
    }

    [Fact]
    public async Task AnotherUsersEventOrFolderIsNotFoundLikeAMissingOne()
    {
        using var alice = await _server.SignInAsync();
        using var bob = await _server.SignInAsync("bob");
        var bobsEvent = (await CreateAsync(bob, Weekly())).GetProperty("id").GetString()!;
        var bobsCalendar = await _server.WellKnownFolderIdAsync("bob", WellKnownFolder.Calendar);
        var malformed = "AAAA" + bobsEvent[4..^4];

        foreach (var id in new[] { bobsEvent, malformed, "x", StoreIds.Encode((await _server.UserAsync("alice")).MailboxId, new ItemId(999999)) })
        {
            await alice.AssertNotFoundToReadWriteAndDeleteAsync("/owa/service/calendar/events/" + id,
                new { subject = "Mine now", startUtc = "2026-03-01T10:00:00Z", endUtc = "2026-03-01T11:00:00Z" });
            using (var dismiss = await alice.SendAsync(HttpMethod.Post, $"/owa/service/reminders/{id}/dismiss"))
                await OwaSession.AssertErrorAsync(dismiss, HttpStatusCode.NotFound, "NotFound");
        }

        using (var list = await alice.GetAsync("/owa/service/calendar/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z&folderId=" + bobsCalendar))
            await OwaSession.AssertErrorAsync(list, HttpStatusCode.NotFound, "NotFound");
        using (var create = await alice.PostJsonAsync("/owa/service/calendar/events", new { folderId = bobsCalendar, subject = "x", startUtc = "2026-03-01T10:00:00Z", endUtc = "2026-03-01T11:00:00Z" }))
            await OwaSession.AssertErrorAsync(create, HttpStatusCode.NotFound, "NotFound");
        var bobs = await _server.StoredItemAsync(bobsEvent);
        Assert.Equal("Team meeting", bobs.Subject);
        Assert.NotNull(bobs.Properties.GetInt32(NamedProps.RecurrencePatternType));
    }

    [Fact]
    public async Task AMessageIsNotAnEventAndTheInboxIsNotACalendar()
    {
        await _server.DeliverAsync("alice", "Hello");
        using var alice = await _server.SignInAsync();
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        var inbox = (await _server.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Inbox))!;
        var message = (await _server.Store.ListItemsAsync(mailbox, inbox.Id, new Storage.ItemQuery())).Items.Single();
        using (var get = await alice.GetAsync("/owa/service/calendar/events/" + StoreIds.Encode(mailbox, message.Id)))
            await OwaSession.AssertErrorAsync(get, HttpStatusCode.NotFound, "NotFound");
        using (var list = await alice.GetAsync("/owa/service/calendar/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z&folderId=" + StoreIds.Encode(mailbox, inbox.Id)))
            await OwaSession.AssertErrorAsync(list, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Fact]
    public async Task DeletingAnOccurrenceThatIsNotOneFails()
    {
        using var alice = await _server.SignInAsync();
        var series = (await CreateAsync(alice, Weekly())).GetProperty("id").GetString()!;
        var single = (await CreateAsync(alice, new { subject = "x", startUtc = "2026-03-01T10:00:00Z", endUtc = "2026-03-01T11:00:00Z" })).GetProperty("id").GetString()!;
        using (var wrongDay = await alice.DeleteAsync($"/owa/service/calendar/events/{series}?occurrence=2026-03-24T08:00:00Z"))
            await OwaSession.AssertErrorAsync(wrongDay, HttpStatusCode.NotFound, "NotFound");
        using (var bad = await alice.DeleteAsync($"/owa/service/calendar/events/{series}?occurrence=monday"))
            await OwaSession.AssertErrorAsync(bad, HttpStatusCode.BadRequest, "InvalidValue");
        using (var notRecurring = await alice.DeleteAsync($"/owa/service/calendar/events/{single}?occurrence=2026-03-01T10:00:00Z"))
            await OwaSession.AssertErrorAsync(notRecurring, HttpStatusCode.BadRequest, "InvalidValue");
        Assert.Empty(CalendarExceptionsCodec.Read((await _server.StoredItemAsync(series)).Properties));
    }

    [Fact]
    public async Task WritesWithoutTheCanaryAreRefused()
    {
        using var alice = await _server.SignInAsync();
        var id = (await CreateAsync(alice, Weekly())).GetProperty("id").GetString()!;
        alice.SendCanary = false;
        using (var post = await alice.PostJsonAsync("/owa/service/calendar/events", Weekly()))
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        using (var put = await alice.PutJsonAsync("/owa/service/calendar/events/" + id, Weekly()))
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using (var delete = await alice.DeleteAsync($"/owa/service/calendar/events/{id}?occurrence=2026-03-23T08:00:00Z"))
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        using (var dismiss = await alice.SendAsync(HttpMethod.Post, $"/owa/service/reminders/{id}/dismiss"))
            Assert.Equal(HttpStatusCode.Forbidden, dismiss.StatusCode);
        using (var snooze = await alice.PostJsonAsync($"/owa/service/reminders/{id}/snooze", new { minutes = 5 }))
            Assert.Equal(HttpStatusCode.Forbidden, snooze.StatusCode);
        var calendar = await _server.WellKnownFolderAsync("alice", WellKnownFolder.Calendar);
        Assert.Equal(1, calendar!.TotalCount);
        var bag = (await _server.StoredItemAsync(id)).Properties;
        Assert.Empty(CalendarExceptionsCodec.Read(bag));
        Assert.Null(bag.GetDateTime(NamedProps.ReminderSignalTime));
    }
}
