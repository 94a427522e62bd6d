using System.Globalization;
using System.Net;
using System.Text.Json;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Calendar;

/// <summary>Reminders: due from ReminderSet/ReminderDelta (and the signal time once dismissed or snoozed).</summary>
public sealed class OwaReminderTests : IAsyncLifetime
{
    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Iso(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task<string> CreateAsync(OwaSession session, string subject, DateTime start, int? reminder, object? recurrence = null)
    {
        using var response = await session.PostJsonAsync("/owa/service/calendar/events", new
        {
            subject, startUtc = Iso(start), endUtc = Iso(start.AddMinutes(30)), timeZone = "Europe/Paris", reminderMinutes = reminder, location = "Room 2", recurrence,
        });
        return (await OwaSession.ReadAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> DueAsync(OwaSession session, DateTime until) =>
        [.. (await session.GetJsonAsync("/owa/service/reminders?until=" + Uri.EscapeDataString(Iso(until)))).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task AReminderIsDueAtItsTimeAndDismissEndsIt()
    {
        using var alice = await _server.SignInAsync();
        var now = DateTime.UtcNow;
        var soon = await CreateAsync(alice, "Soon", now.AddMinutes(10), 15);
        await CreateAsync(alice, "Later", now.AddHours(3), 15);
        await CreateAsync(alice, "No reminder", now.AddMinutes(5), null);

        var due = await DueAsync(alice, now.AddSeconds(5));
        var reminder = Assert.Single(due);
        Assert.Equal(soon, reminder.GetProperty("id").GetString());
        Assert.Equal("Soon", reminder.GetProperty("subject").GetString());
        Assert.Equal("Room 2", reminder.GetProperty("location").GetString());
        var start = reminder.GetProperty("startUtc").GetDateTime().ToUniversalTime();
        Assert.Equal(start.AddMinutes(-15), reminder.GetProperty("reminderUtc").GetDateTime().ToUniversalTime());
        Assert.Equal(2, (await DueAsync(alice, now.AddHours(3))).Count);

        using (var dismiss = await alice.SendAsync(HttpMethod.Post, $"/owa/service/reminders/{soon}/dismiss"))
            Assert.Equal(HttpStatusCode.NoContent, dismiss.StatusCode);
        Assert.Empty(await DueAsync(alice, now.AddSeconds(5)));
        // The event keeps its reminder setting, as phones see it; only this reminder is done.
        var read = await alice.GetJsonAsync("/owa/service/calendar/events/" + soon);
        Assert.Equal(15, read.GetProperty("reminderMinutes").GetInt32());
    }

    [Fact]
    public async Task SnoozeMovesTheReminder()
    {
        using var alice = await _server.SignInAsync();
        var now = DateTime.UtcNow;
        var id = await CreateAsync(alice, "Soon", now.AddMinutes(10), 15);
        using (var snooze = await alice.PostJsonAsync($"/owa/service/reminders/{id}/snooze", new { minutes = 5 }))
            Assert.Equal(HttpStatusCode.NoContent, snooze.StatusCode);
        Assert.Empty(await DueAsync(alice, now.AddMinutes(1)));
        var again = Assert.Single(await DueAsync(alice, now.AddMinutes(6)));
        Assert.Equal(id, again.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ASeriesReminderMovesToTheNextOccurrenceWhenDismissed()
    {
        using var alice = await _server.SignInAsync();
        var now = DateTime.UtcNow;
        var id = await CreateAsync(alice, "Daily", now.AddMinutes(10), 15, new { type = "daily", interval = 1 });
        var first = Assert.Single(await DueAsync(alice, now.AddSeconds(5)));
        var firstStart = first.GetProperty("startUtc").GetDateTime().ToUniversalTime();
        using (var dismiss = await alice.SendAsync(HttpMethod.Post, $"/owa/service/reminders/{id}/dismiss"))
            Assert.Equal(HttpStatusCode.NoContent, dismiss.StatusCode);
        Assert.Empty(await DueAsync(alice, now.AddSeconds(5)));
        var next = Assert.Single(await DueAsync(alice, now.AddDays(1).AddMinutes(1)));
        Assert.Equal(firstStart.AddDays(1), next.GetProperty("startUtc").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task AnEventFromAPhoneWithOnlyReminderDeltaIsDue()
    {
        using var alice = await _server.SignInAsync();
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        var calendar = (await _server.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Calendar))!;
        var start = DateTime.UtcNow.AddMinutes(4);
        // What ActiveSync's parser stores for a device's event with <Reminder>5</Reminder>.
        var bag = new PropertyBag()
            .Set(PropTags.MessageClass, "IPM.Appointment").Set(PropTags.Subject, "From the phone")
            .Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(start)).Set(NamedProps.AppointmentEndWhole, PropertyValue.SysTime(start.AddHours(1)))
            .Set(NamedProps.ReminderSet, PropertyValue.Boolean(true)).Set(NamedProps.ReminderDelta, PropertyValue.Long(5));
        var created = await _server.Store.CreateItemAsync(mailbox, calendar.Id, new NewItem(bag));
        Assert.True(created.IsSuccess);
        var due = Assert.Single(await DueAsync(alice, DateTime.UtcNow));
        Assert.Equal(StoreIds.Encode(mailbox, created.Value.Id), due.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"minutes":0}""")]
    [InlineData("""{"minutes":100000}""")]
    [InlineData("""{}""")]
    [InlineData("""{"minutes":"five"}""")]
    public async Task BadSnoozeIsInvalidValue(string json)
    {
        using var alice = await _server.SignInAsync();
        var id = await CreateAsync(alice, "Soon", DateTime.UtcNow.AddMinutes(10), 15);
        using var response = await alice.SendJsonTextAsync(HttpMethod.Post, $"/owa/service/reminders/{id}/snooze", json);
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Fact]
    public async Task BadUntilIsInvalidValueAndOtherUsersRemindersAreNotSeen()
    {
        using var alice = await _server.SignInAsync();
        using var bob = await _server.SignInAsync("bob");
        var bobs = await CreateAsync(bob, "Bob's", DateTime.UtcNow.AddMinutes(5), 15);
        using (var bad = await alice.GetAsync("/owa/service/reminders?until=tomorrow"))
            await OwaSession.AssertErrorAsync(bad, HttpStatusCode.BadRequest, "InvalidValue");
        Assert.Empty(await DueAsync(alice, DateTime.UtcNow.AddMinutes(1)));
        using (var snooze = await alice.PostJsonAsync($"/owa/service/reminders/{bobs}/snooze", new { minutes = 5 }))
            await OwaSession.AssertErrorAsync(snooze, HttpStatusCode.NotFound, "NotFound");
        Assert.Single(await DueAsync(bob, DateTime.UtcNow.AddMinutes(1)));
    }
}
