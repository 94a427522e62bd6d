using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bourse.Owa.Calendar;

/// <summary>
/// One occurrence of a series (<c>?occurrence=</c> its original start): read it, or replace it by a changed exception in
/// NamedProps.RecurrenceExceptions, the bag ActiveSync's parser writes for a phone's Exception (MS-ASCAL 2.2.2.21) and its
/// renderer sends back: ExceptionStartTime, Subject, AppointmentStartWhole/EndWhole, Location, BusyStatus,
/// AppointmentSubType (all day), ReminderSet/Delta, and the body when it differs from the series'.
/// </summary>
internal static class OccurrenceApi
{
    /// The keys an occurrence edit writes; the rest of an earlier exception (a phone's attendees or categories) stays.
    private static readonly PropertyKey[] EditedKeys =
    [
        PropTags.Subject, NamedProps.AppointmentStartWhole, NamedProps.AppointmentEndWhole, NamedProps.AppointmentSubType, NamedProps.BusyStatus,
        NamedProps.Location, NamedProps.ReminderSet, NamedProps.ReminderDelta,
    ];

    private static readonly PropertyKey[] BodyKeys = [PropTags.Html, PropTags.Body, PropTags.InternetCodepage, PropTags.NativeBody, PropTags.RtfCompressed];

    /// The series, the occurrence asked for and its exception (null when unchanged), or the error to answer.
    private sealed record Found(CalendarRecurrence Pattern, DateTime First, TimeZoneInfo Zone, List<PropertyBag> Exceptions, int Index, DateTime Original);

    private static (Found? Found, IResult? Error) Find(Item item, StringValues text)
    {
        if (!CalendarApi.TryInstant(text, out var original))
            return (null, OwaErrors.BadRequest("InvalidValue", "occurrence must be an ISO 8601 time."));
        var bag = item.Properties;
        if (CalendarRecurrence.Read(bag) is not { } pattern || EventMapping.Start(bag) is not { } first || first.Year is < 1601 or > 9000)
            return (null, OwaErrors.NotFound());
        var zone = CalendarTimeZone.Read(bag, first.Year, out _);
        var exceptions = CalendarExceptionsCodec.Read(bag);
        var index = exceptions.FindIndex(e => e.GetDateTime(NamedProps.ExceptionStartTime) == original);
        if (index >= 0 && exceptions[index].GetBoolean(NamedProps.ExceptionDeleted) == true)
            return (null, OwaErrors.NotFound());
        if (!CalendarApi.IsOccurrence(pattern, first, zone, original))
            return (null, OwaErrors.NotFound());
        return (new Found(pattern, first, zone, exceptions, index, original), null);
    }

    private static TimeSpan Duration(PropertyBag bag)
    {
        var first = EventMapping.Start(bag) ?? DateTime.UnixEpoch;
        var duration = (EventMapping.End(bag) ?? first) - first;
        return duration < TimeSpan.Zero || duration > EventMapping.MaxDuration ? TimeSpan.Zero : duration;
    }

    /// The Event of one occurrence: the series' values overlaid with its exception's; occurrenceStartUtc names it.
    private static EventDto Event(MailboxId mailbox, Item item, DateTime original, PropertyBag? exception)
    {
        var series = EventMapping.Event(mailbox, item);
        var start = exception?.GetDateTime(NamedProps.AppointmentStartWhole) ?? original;
        var end = exception?.GetDateTime(NamedProps.AppointmentEndWhole) ?? start + Duration(item.Properties);
        var o = EventMapping.Occurrence(mailbox, item, original, start, end < start ? start : end, exception);
        var body = exception is not null && BodyKeys.Any(exception.Contains) ? EventMapping.BodyHtml(exception) : series.BodyHtml;
        return series with
        {
            Subject = o.Subject, StartUtc = o.StartUtc, EndUtc = o.EndUtc, IsAllDay = o.IsAllDay, Location = o.Location, ShowAs = o.ShowAs,
            ReminderMinutes = o.ReminderMinutes, BodyHtml = body, OccurrenceStartUtc = original,
        };
    }

    public static async Task<IResult> GetAsync(IMailStore store, MailboxId mailbox, string id, StringValues occurrence, CancellationToken ct)
    {
        if (await CalendarApi.AppointmentAsync(store, mailbox, id, ct) is not { } item)
            return OwaErrors.NotFound();
        var (found, error) = Find(item, occurrence);
        if (found is null)
            return error!;
        return OwaJson.Ok(Event(mailbox, item, found.Original, found.Index >= 0 ? found.Exceptions[found.Index] : null));
    }

    public static async Task<IResult> UpdateAsync(HttpContext context, IMailStore store, MailboxId mailbox, string id, StringValues occurrence)
    {
        var (input, error) = await OwaJson.ReadAsync<EventInput>(context);
        if (error is not null)
            return error;
        var ct = context.RequestAborted;
        if (await CalendarApi.AppointmentAsync(store, mailbox, id, ct) is not { } item)
            return OwaErrors.NotFound();
        var (found, findError) = Find(item, occurrence);
        if (found is null)
            return findError!;

        // The occurrence keeps the series' zone, organizer and attendees; its recurrence, folder and time zone are not its own.
        var own = new EventInput
        {
            Subject = input!.Subject, StartUtc = input.StartUtc, EndUtc = input.EndUtc, IsAllDay = input.IsAllDay, Location = input.Location,
            BodyHtml = input.BodyHtml, ShowAs = input.ShowAs, ReminderMinutes = input.ReminderMinutes,
        };
        if (EventMapping.TryBuild(own, found.Zone, new AddressDto("", ""), item, out var built, out _) is { } invalid)
            return OwaErrors.BadRequest("InvalidValue", invalid);
        var values = built.Set;
        var start = values.GetDateTime(NamedProps.AppointmentStartWhole)!.Value;
        if (OrderError(found, start) is { } orderError)
            return OwaErrors.BadRequest("InvalidValue", orderError);

        var exception = found.Index >= 0 ? found.Exceptions[found.Index].Clone() : new PropertyBag();
        foreach (var key in EditedKeys)
        {
            exception.Remove(key);
            if (values.TryGet(key, out var value))
                exception.Set(key, value);
        }

        // An empty location overrides the series' one (an absent one would show it again).
        if (!exception.Contains(NamedProps.Location))
            exception.Set(NamedProps.Location, PropertyValue.Unicode(""));
        exception.Remove(NamedProps.LocationDetails);
        foreach (var key in BodyKeys)
            exception.Remove(key);
        var html = values.GetBinary(PropTags.Html);
        var seriesHtml = item.Properties.GetBinary(PropTags.Html);
        var sameBody = html is null ? EventMapping.BodyHtml(item.Properties).Length == 0 : seriesHtml is not null && html.AsSpan().SequenceEqual(seriesHtml);
        if (!sameBody)
        {
            foreach (var key in BodyKeys)
            {
                if (values.TryGet(key, out var value))
                    exception.Set(key, value);
            }

            // A body emptied for one occurrence: an empty text overrides the series' body.
            if (html is null)
                exception.Set(PropTags.Body, PropertyValue.Unicode(""));
        }

        exception.Remove(NamedProps.ExceptionDeleted);
        exception.Set(NamedProps.ExceptionStartTime, PropertyValue.SysTime(found.Original));
        if (found.Index >= 0)
            found.Exceptions[found.Index] = exception;
        else
            found.Exceptions.Add(exception);
        var changes = new PropertyChanges().With(NamedProps.RecurrenceExceptions, PropertyValue.Binary(CalendarExceptionsCodec.Serialize(found.Exceptions)));
        var updated = await store.UpdateItemAsync(mailbox, item.Id, changes, item.ChangeNumber, ct);
        if (updated.Error == StoreError.ChangeConflict)
            return OwaErrors.Conflict("Conflict", "The event changed meanwhile; open it again.");
        return updated.IsSuccess ? OwaJson.Ok(Event(mailbox, updated.Value, found.Original, exception)) : CalendarApi.FromStore(updated.Error);
    }

    /// <summary>
    /// As Outlook and Exchange: an occurrence may move within the days between its neighbours (the previous and next
    /// occurrences that are not deleted, where they are now), never onto or past one of their days.
    /// </summary>
    private static string? OrderError(Found found, DateTime newStart)
    {
        var span = TimeSpan.FromDays(Math.Min(3700, 2.0 * found.Pattern.Interval * found.Pattern.Type switch
        {
            CalendarRecurrence.Daily => 7,
            CalendarRecurrence.Weekly => 7,
            CalendarRecurrence.Monthly or CalendarRecurrence.MonthlyNth => 31,
            _ => 366,
        } + 2));
        DateTime? previous = null, next = null;
        foreach (var original in found.Pattern.Expand(found.First, found.Zone, found.Original - span, found.Original + span))
        {
            if (original == found.Original)
                continue;
            var exception = found.Exceptions.Find(e => e.GetDateTime(NamedProps.ExceptionStartTime) == original);
            if (exception?.GetBoolean(NamedProps.ExceptionDeleted) == true)
                continue;
            var at = exception?.GetDateTime(NamedProps.AppointmentStartWhole) ?? original;
            if (original < found.Original)
                previous = at;
            else if (next is null)
                next = at;
        }

        var day = CalendarTimeZone.ToLocal(newStart, found.Zone).Date;
        if (previous is { } p && day <= CalendarTimeZone.ToLocal(p, found.Zone).Date)
            return "An occurrence cannot move onto or before the day of the previous occurrence.";
        if (next is { } n && day >= CalendarTimeZone.ToLocal(n, found.Zone).Date)
            return "An occurrence cannot move onto or past the day of the next occurrence.";
        return null;
    }
}
