using System.Net;
using System.Text.Json;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Calendar;

/// <summary>
/// Editing one occurrence of a series over real HTTPS (<c>PUT /calendar/events/{id}?occurrence=</c>): the changed exception
/// it stores for ActiveSync, the expansion and the single-occurrence GET that show it, and the refusals.
/// </summary>
public sealed class OwaOccurrenceEditTests : IAsyncLifetime
{
    private const string Events = "/owa/service/calendar/events";
    private const string Second = "2026-03-23T08:00:00Z";
    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// Mondays 09:00–10:00 in Paris from 16 March 2026 (08:00 UTC, 07:00 UTC after the 29 March change).
    private static object Series() => new
    {
        subject = "Team meeting", startUtc = "2026-03-16T08:00:00Z", endUtc = "2026-03-16T09:00:00Z", location = "Room 1", bodyHtml = "<p>Agenda</p>",
        timeZone = "Europe/Paris", showAs = "tentative", reminderMinutes = 10,
        recurrence = new { type = "weekly", interval = 1, daysOfWeek = new[] { "monday" } },
    };

    private static object Moved(string start = "2026-03-24T13:00:00Z", string end = "2026-03-24T14:30:00Z", string body = "<p>Agenda</p>") => new
    {
        subject = "Moved sync", startUtc = start, endUtc = end, location = "Room 9", bodyHtml = body, showAs = "busy", reminderMinutes = 5,
        // A client may send the series' recurrence and zone back; one occurrence has neither of its own.
        timeZone = "America/New_York", recurrence = new { type = "daily", interval = 1 },
    };

    private async Task<string> CreateSeriesAsync(OwaSession session)
    {
        using var response = await session.PostJsonAsync(Events, Series());
        return (await OwaSession.ReadAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    private static List<JsonElement> List(JsonElement list) => [.. list.GetProperty("events").EnumerateArray()];

    [Fact]
    public async Task EditingOneOccurrenceChangesOnlyThatOne()
    {
        using var alice = await _server.SignInAsync();
        var id = await CreateSeriesAsync(alice);
        using (var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Second}", Moved()))
        {
            var answer = await OwaSession.ReadAsync(put, HttpStatusCode.OK);
            Assert.Equal(id, answer.GetProperty("id").GetString());
            Assert.Equal(Second, answer.GetProperty("occurrenceStartUtc").GetString());
            Assert.Equal("2026-03-24T13:00:00Z", answer.GetProperty("startUtc").GetString());
        }

        var list = List(await alice.GetJsonAsync($"{Events}?start=2026-03-16T00:00:00Z&end=2026-04-07T00:00:00Z"));
        Assert.Equal(["2026-03-16T08:00:00Z", "2026-03-24T13:00:00Z", "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z"],
            list.Select(e => e.GetProperty("startUtc").GetString()));
        Assert.Equal(["Team meeting", "Moved sync", "Team meeting", "Team meeting"], list.Select(e => e.GetProperty("subject").GetString()));
        Assert.Equal(["Room 1", "Room 9", "Room 1", "Room 1"], list.Select(e => e.GetProperty("location").GetString()));
        Assert.Equal(["tentative", "busy", "tentative", "tentative"], list.Select(e => e.GetProperty("showAs").GetString()));
        Assert.Equal("2026-03-24T14:30:00Z", list[1].GetProperty("endUtc").GetString());
        Assert.Equal(Second, list[1].GetProperty("occurrenceStartUtc").GetString());
        Assert.Equal(5, list[1].GetProperty("reminderMinutes").GetInt32());
        Assert.Equal(10, list[2].GetProperty("reminderMinutes").GetInt32());

        var one = await alice.GetJsonAsync($"{Events}/{id}?occurrence={Second}");
        Assert.Equal("Moved sync", one.GetProperty("subject").GetString());
        Assert.Equal("2026-03-24T13:00:00Z", one.GetProperty("startUtc").GetString());
        Assert.Equal("2026-03-24T14:30:00Z", one.GetProperty("endUtc").GetString());
        Assert.Equal("Room 9", one.GetProperty("location").GetString());
        Assert.Equal(Second, one.GetProperty("occurrenceStartUtc").GetString());
        Assert.Equal("Europe/Paris", one.GetProperty("timeZone").GetString());
        Assert.Contains("Agenda", one.GetProperty("bodyHtml").GetString());
        // An unchanged occurrence reads as the series at its own time; the series itself is unchanged.
        var other = await alice.GetJsonAsync($"{Events}/{id}?occurrence=2026-03-30T07:00:00Z");
        Assert.Equal("Team meeting", other.GetProperty("subject").GetString());
        Assert.Equal("2026-03-30T08:00:00Z", other.GetProperty("endUtc").GetString());
        var series = await alice.GetJsonAsync($"{Events}/{id}");
        Assert.Equal("Team meeting", series.GetProperty("subject").GetString());
        Assert.Equal("2026-03-16T08:00:00Z", series.GetProperty("startUtc").GetString());
        Assert.Equal(JsonValueKind.Null, series.GetProperty("occurrenceStartUtc").ValueKind);
        Assert.Equal("weekly", series.GetProperty("recurrence").GetProperty("type").GetString());
    }

    [Fact]
    public async Task TheExceptionHoldsWhatActiveSyncReadsAndWrites()
    {
        using var alice = await _server.SignInAsync();
        var id = await CreateSeriesAsync(alice);
        using (var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Second}", Moved()))
            await OwaSession.ReadAsync(put, HttpStatusCode.OK);

        // The bag ActiveSync's parser writes for a phone's changed Exception (CalendarMappingTests: ExceptionStartTime,
        // Subject, StartTime, EndTime, Location, BusyStatus, Reminder) and its renderer sends back to phones.
        var exception = Assert.Single(CalendarExceptionsCodec.Read((await _server.StoredItemAsync(id)).Properties));
        Assert.Equal(new DateTime(2026, 3, 23, 8, 0, 0, DateTimeKind.Utc), exception.GetDateTime(NamedProps.ExceptionStartTime));
        Assert.Null(exception.GetBoolean(NamedProps.ExceptionDeleted));
        Assert.Equal("Moved sync", exception.GetString(PropTags.Subject));
        Assert.Equal(new DateTime(2026, 3, 24, 13, 0, 0, DateTimeKind.Utc), exception.GetDateTime(NamedProps.AppointmentStartWhole));
        Assert.Equal(new DateTime(2026, 3, 24, 14, 30, 0, DateTimeKind.Utc), exception.GetDateTime(NamedProps.AppointmentEndWhole));
        Assert.Equal("Room 9", exception.GetString(NamedProps.Location));
        Assert.Equal(2, exception.GetInt32(NamedProps.BusyStatus));
        Assert.False(exception.GetBoolean(NamedProps.AppointmentSubType));
        Assert.True(exception.GetBoolean(NamedProps.ReminderSet));
        Assert.Equal(5, exception.GetInt32(NamedProps.ReminderDelta));
        // The body is the series' one: not repeated in the exception (ActiveSync renders a body only when the bag has one).
        Assert.False(exception.Contains(PropTags.Html) || exception.Contains(PropTags.Body));

        // A second edit of the same occurrence replaces its exception; a new body is kept with it; the series is untouched.
        using (var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Second}", Moved(start: "2026-03-25T10:00:00Z", end: "2026-03-25T11:00:00Z",
                   body: "<p>Other agenda</p>")))
            await OwaSession.ReadAsync(put, HttpStatusCode.OK);
        var item = await _server.StoredItemAsync(id);
        exception = Assert.Single(CalendarExceptionsCodec.Read(item.Properties));
        Assert.Equal(new DateTime(2026, 3, 25, 10, 0, 0, DateTimeKind.Utc), exception.GetDateTime(NamedProps.AppointmentStartWhole));
        Assert.Contains("Other agenda", exception.GetString(PropTags.Body));
        Assert.Equal("Team meeting", item.Properties.GetString(PropTags.Subject));
        Assert.Equal("Room 1", item.Properties.GetString(NamedProps.Location));
        Assert.Contains("Other agenda", (await alice.GetJsonAsync($"{Events}/{id}?occurrence={Second}")).GetProperty("bodyHtml").GetString());
        Assert.DoesNotContain("Other agenda", (await alice.GetJsonAsync($"{Events}/{id}?occurrence=2026-03-30T07:00:00Z")).GetProperty("bodyHtml").GetString());
    }

    [Fact]
    public async Task AnAllDayOccurrenceRunsMidnightToMidnightInTheSeriesZone()
    {
        using var alice = await _server.SignInAsync();
        var id = await CreateSeriesAsync(alice);
        using var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Second}",
            new { subject = "Offsite", startUtc = "2026-03-24T10:00:00Z", endUtc = "2026-03-24T11:00:00Z", isAllDay = true });
        var answer = await OwaSession.ReadAsync(put, HttpStatusCode.OK);
        Assert.True(answer.GetProperty("isAllDay").GetBoolean());
        // Paris is UTC+1 on 24 March.
        Assert.Equal("2026-03-23T23:00:00Z", answer.GetProperty("startUtc").GetString());
        Assert.Equal("2026-03-24T23:00:00Z", answer.GetProperty("endUtc").GetString());
        var exception = Assert.Single(CalendarExceptionsCodec.Read((await _server.StoredItemAsync(id)).Properties));
        Assert.True(exception.GetBoolean(NamedProps.AppointmentSubType));
        // An occurrence without a location or reminder overrides the series' ones.
        Assert.Equal("", exception.GetString(NamedProps.Location));
        Assert.False(exception.GetBoolean(NamedProps.ReminderSet));
        var listed = List(await alice.GetJsonAsync($"{Events}?start=2026-03-23T00:00:00Z&end=2026-03-30T00:00:00Z"));
        var offsite = Assert.Single(listed);
        Assert.Equal("", offsite.GetProperty("location").GetString());
        Assert.Equal(JsonValueKind.Null, offsite.GetProperty("reminderMinutes").ValueKind);
    }

    [Fact]
    public async Task AnOccurrenceCannotMoveOntoOrPastItsNeighbours()
    {
        using var alice = await _server.SignInAsync();
        var id = await CreateSeriesAsync(alice);
        // Onto the next occurrence's day (Monday 30 March), past it, onto the previous one's day (16 March) and before it.
        foreach (var start in new[] { "2026-03-30T12:00:00Z", "2026-04-01T08:00:00Z", "2026-03-16T15:00:00Z", "2026-03-10T08:00:00Z" })
        {
            var end = DateTime.Parse(start, null, System.Globalization.DateTimeStyles.AdjustToUniversal).AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ");
            using var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Second}", Moved(start, end));
            await OwaSession.AssertErrorAsync(put, HttpStatusCode.BadRequest, "InvalidValue");
        }

        Assert.Empty(CalendarExceptionsCodec.Read((await _server.StoredItemAsync(id)).Properties));
        // With the next occurrence deleted, the one after it bounds the move instead.
        using (var delete = await alice.DeleteAsync($"{Events}/{id}?occurrence=2026-03-30T07:00:00Z"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Second}", Moved("2026-04-01T08:00:00Z", "2026-04-01T09:00:00Z")))
            await OwaSession.ReadAsync(put, HttpStatusCode.OK);
    }

    [Fact]
    public async Task BadOccurrencesOtherMailboxesAndMissingCanaryAreRefused()
    {
        using var alice = await _server.SignInAsync();
        var id = await CreateSeriesAsync(alice);
        foreach (var bad in new[] { "tuesday", "2026-13-40T00:00:00Z", "" })
        {
            using (var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Uri.EscapeDataString(bad)}", Moved()))
                await OwaSession.AssertErrorAsync(put, HttpStatusCode.BadRequest, "InvalidValue");
            using (var get = await alice.GetAsync($"{Events}/{id}?occurrence={Uri.EscapeDataString(bad)}"))
                await OwaSession.AssertErrorAsync(get, HttpStatusCode.BadRequest, "InvalidValue");
        }

        // Not an occurrence of the series: a Tuesday, a time of day off by an hour, a deleted one, an event that is not recurring.
        using (var delete = await alice.DeleteAsync($"{Events}/{id}?occurrence=2026-04-06T07:00:00Z"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        foreach (var missing in new[] { "2026-03-24T08:00:00Z", "2026-03-23T09:00:00Z" })
            await alice.AssertNotFoundToReadWriteAndDeleteAsync($"{Events}/{id}?occurrence={missing}", Moved());
        using (var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence=2026-04-06T07:00:00Z", Moved("2026-04-07T08:00:00Z", "2026-04-07T09:00:00Z")))
            await OwaSession.AssertErrorAsync(put, HttpStatusCode.NotFound, "NotFound");
        using (var get = await alice.GetAsync($"{Events}/{id}?occurrence=2026-04-06T07:00:00Z"))
            await OwaSession.AssertErrorAsync(get, HttpStatusCode.NotFound, "NotFound");
        using (var single = await alice.PostJsonAsync(Events, new { subject = "Once", startUtc = "2026-03-23T08:00:00Z", endUtc = "2026-03-23T09:00:00Z" }))
        {
            var singleId = (await OwaSession.ReadAsync(single, HttpStatusCode.Created)).GetProperty("id").GetString();
            using var put = await alice.PutJsonAsync($"{Events}/{singleId}?occurrence={Second}", Moved());
            await OwaSession.AssertErrorAsync(put, HttpStatusCode.NotFound, "NotFound");
        }

        // Bad event values are the body's error, as for the series.
        using (var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Second}", new { subject = "x", startUtc = "2026-03-24T10:00:00Z" }))
            await OwaSession.AssertErrorAsync(put, HttpStatusCode.BadRequest, "InvalidValue");

        using (var bob = await _server.SignInAsync("bob"))
        {
            using (var put = await bob.PutJsonAsync($"{Events}/{id}?occurrence={Second}", Moved()))
                await OwaSession.AssertErrorAsync(put, HttpStatusCode.NotFound, "NotFound");
            using (var get = await bob.GetAsync($"{Events}/{id}?occurrence={Second}"))
                await OwaSession.AssertErrorAsync(get, HttpStatusCode.NotFound, "NotFound");
        }

        alice.SendCanary = false;
        using (var put = await alice.PutJsonAsync($"{Events}/{id}?occurrence={Second}", Moved()))
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        // Nothing but the deleted occurrence was written.
        var exception = Assert.Single(CalendarExceptionsCodec.Read((await _server.StoredItemAsync(id)).Properties));
        Assert.True(exception.GetBoolean(NamedProps.ExceptionDeleted));
    }
}
