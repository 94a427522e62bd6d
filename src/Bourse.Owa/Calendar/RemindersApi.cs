using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Calendar;

/// <summary>
/// <c>/owa/service/reminders</c>: the due reminders of the caller's calendars, dismiss and snooze. An appointment's reminder
/// is PidLidReminderSet with PidLidReminderDelta (the minutes ActiveSync carries); when it fires is PidLidReminderSignalTime
/// for the occurrence starting at PidLidReminderTime (MS-OXORMDR 2.2.1), or the start less the delta when those are not set
/// (an event from a phone) or belong to other times (an event moved since).
/// </summary>
internal static class RemindersApi
{
    /// MS-OXORMDR 2.2.1.5: Outlook's "never" signal time, 4501-01-01, written when a reminder is dismissed.
    private static readonly DateTime Never = new(4501, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// Single events further ahead than this are not looked at (a reminder more than a month before is seen a month before).
    private static readonly TimeSpan Lookahead = TimeSpan.FromDays(31);

    public const int MaxSnoozeMinutes = 7 * 24 * 60;

    public static async Task<IResult> ListAsync(HttpContext context, IMailStore store, TimeProvider time, MailboxId mailbox)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now;
        var untilText = context.Request.Query["until"];
        if (untilText.Count > 0 && !CalendarApi.TryInstant(untilText, out until))
            return OwaErrors.BadRequest("InvalidValue", "until must be an ISO 8601 time.");
        if (until - now > TimeSpan.FromDays(366))
            return OwaErrors.BadRequest("InvalidValue", "until is too far ahead.");
        var ct = context.RequestAborted;
        var result = new List<ReminderDto>();
        var folders = (await store.GetFoldersAsync(mailbox, ct)).Where(EventMapping.IsCalendarFolder).ToList();
        foreach (var folder in folders)
        {
            var series = await CalendarSeriesIndex.For(store).GetSeriesAsync(mailbox, folder.Id, ct);
            var seriesIds = series.Select(s => s.Id).ToHashSet();
            var filter = new ItemFilter
            {
                RangeStartUtc = now.AddDays(-1), RangeEndUtc = (until > now ? until : now) + Lookahead, MessageClassPrefix = EventMapping.MessageClass,
            };
            var page = await store.ListItemsAsync(mailbox, folder.Id,
                new ItemQuery { SortBy = ItemSortField.StartTime, Descending = false, Limit = 1000, Filter = filter }, ct);
            foreach (var summary in page.Items)
            {
                if (seriesIds.Contains(summary.Id) || await store.GetItemAsync(mailbox, summary.Id, ct) is not { } item)
                    continue;
                if (Due(item, now) is { } due && due.Signal <= until)
                    result.Add(new ReminderDto(StoreIds.Encode(mailbox, item.Id), item.Subject, due.Start, due.Signal, item.Properties.GetString(NamedProps.Location) ?? ""));
            }

            foreach (var item in series)
            {
                if (Due(item, now) is { } due && due.Signal <= until)
                    result.Add(new ReminderDto(StoreIds.Encode(mailbox, item.Id), item.Subject, due.Start, due.Signal, item.Properties.GetString(NamedProps.Location) ?? ""));
            }
        }

        result.Sort((a, b) => a.ReminderUtc.CompareTo(b.ReminderUtc));
        return OwaJson.Ok(new ReminderListDto(result));
    }

    public static async Task<IResult> DismissAsync(HttpContext context, IMailStore store, TimeProvider time, MailboxId mailbox, string id)
    {
        var ct = context.RequestAborted;
        if (await CalendarApi.AppointmentAsync(store, mailbox, id, ct) is not { } item)
            return OwaErrors.NotFound();
        var now = time.GetUtcNow().UtcDateTime;
        if (Due(item, now) is not { } due)
            return OwaNoContent.Instance;
        var changes = new PropertyChanges();
        // A series' reminder moves on to its next occurrence; a single event's is done.
        if (CalendarRecurrence.Read(item.Properties) is not null && Next(item, due.Start) is { } next)
        {
            changes.With(NamedProps.ReminderTime, PropertyValue.SysTime(next.StartUtc));
            changes.With(NamedProps.ReminderSignalTime, PropertyValue.SysTime(next.StartUtc.AddMinutes(-Delta(item))));
        }
        else
        {
            changes.With(NamedProps.ReminderTime, PropertyValue.SysTime(due.Start));
            changes.With(NamedProps.ReminderSignalTime, PropertyValue.SysTime(Never));
        }

        return await SaveAsync(store, mailbox, item, changes, ct);
    }

    public static async Task<IResult> SnoozeAsync(HttpContext context, IMailStore store, TimeProvider time, MailboxId mailbox, string id)
    {
        var (input, error) = await OwaJson.ReadAsync<SnoozeInput>(context);
        if (error is not null)
            return error;
        if (input!.Minutes is not (>= 1 and <= MaxSnoozeMinutes) || input.Minutes is not { } minutes)
            return OwaErrors.BadRequest("InvalidValue", "minutes must be 1 to 10080.");
        var ct = context.RequestAborted;
        if (await CalendarApi.AppointmentAsync(store, mailbox, id, ct) is not { } item)
            return OwaErrors.NotFound();
        var now = time.GetUtcNow().UtcDateTime;
        if (Due(item, now) is not { } due)
            return OwaNoContent.Instance;
        var changes = new PropertyChanges()
            .With(NamedProps.ReminderTime, PropertyValue.SysTime(due.Start))
            .With(NamedProps.ReminderSignalTime, PropertyValue.SysTime(now.AddMinutes(minutes)));
        return await SaveAsync(store, mailbox, item, changes, ct);
    }

    private static async Task<IResult> SaveAsync(IMailStore store, MailboxId mailbox, Item item, PropertyChanges changes, CancellationToken ct)
    {
        var saved = await store.UpdateItemAsync(mailbox, item.Id, changes, null, ct);
        return saved.IsSuccess ? OwaNoContent.Instance : CalendarApi.FromStore(saved.Error);
    }

    private static int Delta(Item item) => item.Properties.GetInt32(NamedProps.ReminderDelta) ?? 15;

    /// The reminder of the item's current occurrence (the first not yet over), or null when it has none or it was dismissed.
    internal static (DateTime Start, DateTime Signal)? Due(Item item, DateTime now)
    {
        var bag = item.Properties;
        if (bag.GetBoolean(NamedProps.ReminderSet) != true || EventMapping.Start(bag) is not { } first)
            return null;
        var storedTime = bag.GetDateTime(NamedProps.ReminderTime);
        var storedSignal = bag.GetDateTime(NamedProps.ReminderSignalTime);
        DateTime start;
        if (CalendarRecurrence.Read(bag) is null)
        {
            start = first;
            var end = EventMapping.End(bag) ?? first;
            // Stored times apply while they are this event's (a phone may have moved it since).
            if (storedTime == start && storedSignal is { } s)
                return s >= Never ? null : (start, s);
            return end > now ? (start, start.AddMinutes(-Delta(item))) : null;
        }

        if (Current(item, now) is not { } current)
            return null;
        start = current.StartUtc;
        if (storedTime is { } t && storedSignal is { } signal && t >= start)
            return signal >= Never ? null : (t, signal);
        return (start, start.AddMinutes(-Delta(item)));
    }

    /// The first occurrence of a series not over at <paramref name="now"/>.
    private static OccurrenceDto? Current(Item item, DateTime now) =>
        CalendarApi.Occurrences(default(MailboxId), item, now, now.AddDays(400)).OrderBy(o => o.StartUtc).FirstOrDefault();

    private static OccurrenceDto? Next(Item item, DateTime after) =>
        CalendarApi.Occurrences(default(MailboxId), item, after.AddTicks(1), after.AddDays(800)).Where(o => o.StartUtc > after).OrderBy(o => o.StartUtc).FirstOrDefault();
}
