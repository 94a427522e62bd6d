using System.Globalization;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Mailbox;
using Bourse.Mailbox.Calendar;
using Bourse.Mailbox.Settings;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Calendar;

/// <summary>
/// <c>/owa/service/calendar/events</c>: occurrences in a range (series expanded in their own zone), one event, create,
/// replace (a whole series, or one occurrence as a changed exception: OccurrenceApi), delete (a whole series or one occurrence, as
/// a deleted exception).
/// </summary>
internal static class CalendarApi
{
    /// docs/owa-api.md: at most a year per query and 2,000 occurrences in the answer.
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);
    public const int MaxOccurrences = 2000;

    public static async Task<IResult> ListAsync(HttpContext context, IMailStore store, MailboxId mailbox)
    {
        var query = context.Request.Query;
        if (!TryInstant(query["start"], out var start) || !TryInstant(query["end"], out var end))
            return OwaErrors.BadRequest("InvalidValue", "start and end must be ISO 8601 times.");
        if (end <= start || end - start > MaxRange)
            return OwaErrors.BadRequest("InvalidValue", "The range must end after it starts and span at most a year.");
        var ct = context.RequestAborted;
        var (folder, error) = await CalendarFolderAsync(store, mailbox, query["folderId"], ct);
        if (folder is null)
            return error!;

        var result = new List<OccurrenceDto>();
        var series = await CalendarSeriesIndex.For(store).GetSeriesAsync(mailbox, folder.Id, ct);
        var seriesIds = series.Select(s => s.Id).ToHashSet();

        // Single events: the store's range index over each item's start and end.
        var filter = new ItemFilter { RangeStartUtc = start, RangeEndUtc = end, MessageClassPrefix = EventMapping.MessageClass };
        for (var offset = 0; ; offset += 500)
        {
            var page = await store.ListItemsAsync(mailbox, folder.Id,
                new ItemQuery { SortBy = ItemSortField.StartTime, Descending = false, Offset = offset, Limit = 500, Filter = filter }, ct);
            foreach (var summary in page.Items)
            {
                if (seriesIds.Contains(summary.Id))
                    continue;
                if (result.Count >= MaxOccurrences)
                    return TooMany();
                if (await store.GetItemAsync(mailbox, summary.Id, ct) is not { } item || CalendarSeriesIndex.IsSeries(item))
                    continue;
                var s = EventMapping.Start(item.Properties) ?? summary.StartUtc ?? start;
                result.Add(EventMapping.Occurrence(mailbox, item, null, s, EventMapping.End(item.Properties) ?? s, null));
            }

            if (page.Items.Count < 500)
                break;
        }

        foreach (var item in series)
        {
            foreach (var occurrence in Occurrences(mailbox, item, start, end))
            {
                if (result.Count >= MaxOccurrences)
                    return TooMany();
                result.Add(occurrence);
            }
        }

        result.Sort((a, b) => a.StartUtc != b.StartUtc ? a.StartUtc.CompareTo(b.StartUtc) : string.CompareOrdinal(a.Id, b.Id));
        return OwaJson.Ok(new OccurrenceListDto(result));
    }

    private static IResult TooMany() =>
        OwaErrors.BadRequest("InvalidValue", $"The range holds more than {MaxOccurrences} occurrences; ask for a shorter one.");

    /// The occurrences of a series overlapping [start, end): the pattern in the series' zone, its exceptions applied (a
    /// deleted one left out, a changed one with its own times, even when moved in from outside the range).
    internal static IEnumerable<OccurrenceDto> Occurrences(MailboxId mailbox, Item item, DateTime start, DateTime end)
    {
        var bag = item.Properties;
        // A series outside the years Bourse accepts (a damaged or hostile item) is not expanded.
        if (CalendarRecurrence.Read(bag) is not { } pattern || EventMapping.Start(bag) is not { } first || first.Year is < 1601 or > 9000)
            yield break;
        var duration = (EventMapping.End(bag) ?? first) - first;
        if (duration < TimeSpan.Zero || duration > EventMapping.MaxDuration)
            duration = TimeSpan.Zero;
        var zone = CalendarTimeZone.Read(bag, first.Year, out _);
        var exceptions = new Dictionary<DateTime, PropertyBag>();
        foreach (var e in CalendarExceptionsCodec.Read(bag))
        {
            if (e.GetDateTime(NamedProps.ExceptionStartTime) is { } original)
                exceptions[original] = e;
        }

        var seen = new HashSet<DateTime>();
        foreach (var original in pattern.Expand(first, zone, start - duration - TimeSpan.FromTicks(1), end))
        {
            seen.Add(original);
            if (exceptions.TryGetValue(original, out var exception))
            {
                if (exception.GetBoolean(NamedProps.ExceptionDeleted) == true)
                    continue;
                var (s, e) = ExceptionTimes(exception, original, duration);
                if (s < end && (e > start || (e == s && s >= start)))
                    yield return EventMapping.Occurrence(mailbox, item, original, s, e, exception);
                continue;
            }

            var occurrenceEnd = original + duration;
            if (original < end && (occurrenceEnd > start || (duration == TimeSpan.Zero && original >= start)))
                yield return EventMapping.Occurrence(mailbox, item, original, original, occurrenceEnd, null);
        }

        // A changed occurrence moved into the range from a day outside it.
        foreach (var (original, exception) in exceptions)
        {
            if (seen.Contains(original) || exception.GetBoolean(NamedProps.ExceptionDeleted) == true)
                continue;
            var (s, e) = ExceptionTimes(exception, original, duration);
            if (s < end && e > start && IsOccurrence(pattern, first, zone, original))
                yield return EventMapping.Occurrence(mailbox, item, original, s, e, exception);
        }
    }

    private static (DateTime Start, DateTime End) ExceptionTimes(PropertyBag exception, DateTime original, TimeSpan duration)
    {
        var s = exception.GetDateTime(NamedProps.AppointmentStartWhole) ?? original;
        var e = exception.GetDateTime(NamedProps.AppointmentEndWhole) ?? s + duration;
        return (s, e < s ? s : e);
    }

    internal static bool IsOccurrence(CalendarRecurrence pattern, DateTime first, TimeZoneInfo zone, DateTime instant) =>
        pattern.Expand(first, zone, instant, instant.AddTicks(1)).Any();

    public static async Task<IResult> GetAsync(HttpContext context, IMailStore store, MailboxId mailbox, string id)
    {
        if (context.Request.Query["occurrence"] is { Count: > 0 } occurrence)
            return await OccurrenceApi.GetAsync(store, mailbox, id, occurrence, context.RequestAborted);
        var item = await AppointmentAsync(store, mailbox, id, context.RequestAborted);
        return item is null ? OwaErrors.NotFound() : OwaJson.Ok(EventMapping.Event(mailbox, item));
    }

    public static async Task<IResult> CreateAsync(HttpContext context, IMailStore store, IDirectory directory, MailboxId mailbox)
    {
        var (input, error) = await OwaJson.ReadAsync<EventInput>(context);
        if (error is not null)
            return error;
        var ct = context.RequestAborted;
        var (folder, folderError) = await CalendarFolderAsync(store, mailbox, input!.FolderId, ct);
        if (folder is null)
            return folderError!;
        var (zone, zoneError) = await ZoneAsync(store, mailbox, input.TimeZone, ct);
        if (zone is null)
            return zoneError!;
        var organizer = await OrganizerAsync(directory, mailbox, ct);
        if (EventMapping.TryBuild(input, zone, organizer, null, out var changes, out var attendees) is { } invalid)
            return OwaErrors.BadRequest("InvalidValue", invalid);
        var newItem = new NewItem(new PropertyBag(changes.Set)) { SearchText = changes.Set.GetString(PropTags.Body) };
        newItem.Recipients.AddRange(attendees);
        var created = await store.CreateItemAsync(mailbox, folder.Id, newItem, ct);
        return created.IsSuccess ? OwaJson.Ok(EventMapping.Event(mailbox, created.Value), StatusCodes.Status201Created) : FromStore(created.Error);
    }

    public static async Task<IResult> UpdateAsync(HttpContext context, IMailStore store, IDirectory directory, MailboxId mailbox, string id)
    {
        if (context.Request.Query["occurrence"] is { Count: > 0 } occurrence)
            return await OccurrenceApi.UpdateAsync(context, store, mailbox, id, occurrence);
        var (input, error) = await OwaJson.ReadAsync<EventInput>(context);
        if (error is not null)
            return error;
        var ct = context.RequestAborted;
        if (await AppointmentAsync(store, mailbox, id, ct) is not { } existing)
            return OwaErrors.NotFound();
        var (zone, zoneError) = await ZoneAsync(store, mailbox, input!.TimeZone, ct);
        if (zone is null)
            return zoneError!;
        var organizer = await OrganizerAsync(directory, mailbox, ct);
        if (EventMapping.TryBuild(input, zone, organizer, existing, out var changes, out var attendees) is { } invalid)
            return OwaErrors.BadRequest("InvalidValue", invalid);
        // The organizer's own row (a meeting received from someone else) stays with the attendees.
        var organizerRows = existing.Recipients.Where(r => ((r.Properties.GetInt32(PropTags.RecipientFlags) ?? 0) & 0x2) != 0);
        var update = new ItemUpdate { Properties = changes, ReplaceRecipients = [.. organizerRows, .. attendees] };
        var updated = await store.UpdateItemAsync(mailbox, existing.Id, update, existing.ChangeNumber, ct);
        if (updated.Error == StoreError.ChangeConflict)
            return OwaErrors.Conflict("Conflict", "The event changed meanwhile; open it again.");
        // A PUT may also move the event to another calendar.
        if (updated.IsSuccess && input.FolderId is { Length: > 0 } target &&
            await OwaItemMove.IntoNamedFolderAsync(store, mailbox, updated.Value, CalendarFolderAsync(store, mailbox, target, ct), FromStore,
                () => GetAsync(context, store, mailbox, id), ct) is { } answer)
            return answer;

        return updated.IsSuccess ? OwaJson.Ok(EventMapping.Event(mailbox, updated.Value)) : FromStore(updated.Error);
    }

    public static async Task<IResult> DeleteAsync(HttpContext context, IMailStore store, MailboxOperations operations, MailboxId mailbox, string id)
    {
        var ct = context.RequestAborted;
        if (await AppointmentAsync(store, mailbox, id, ct) is not { } item)
            return OwaErrors.NotFound();
        var occurrenceText = context.Request.Query["occurrence"];
        if (occurrenceText.Count == 0)
        {
            var deleted = await operations.DeleteItemsAsync(mailbox, [item.Id], DeleteMode.MoveToDeletedItems, ct);
            return deleted[0].IsSuccess ? OwaNoContent.Instance : FromStore(deleted[0].Error);
        }

        if (!TryInstant(occurrenceText, out var occurrence))
            return OwaErrors.BadRequest("InvalidValue", "occurrence must be an ISO 8601 time.");
        var bag = item.Properties;
        if (CalendarRecurrence.Read(bag) is not { } pattern || EventMapping.Start(bag) is not { } first)
            return OwaErrors.BadRequest("InvalidValue", "The event is not recurring.");
        var zone = CalendarTimeZone.Read(bag, first.Year, out _);
        var exceptions = CalendarExceptionsCodec.Read(bag);
        var index = exceptions.FindIndex(e => e.GetDateTime(NamedProps.ExceptionStartTime) == occurrence);
        if (index < 0 && !IsOccurrence(pattern, first, zone, occurrence))
            return OwaErrors.NotFound();
        // MS-ASCAL 2.2.2.21: a deleted occurrence is an exception with Deleted set and its original start.
        var deletedException = new PropertyBag()
            .Set(NamedProps.ExceptionStartTime, PropertyValue.SysTime(occurrence))
            .Set(NamedProps.ExceptionDeleted, PropertyValue.Boolean(true));
        if (index >= 0)
            exceptions[index] = deletedException;
        else
            exceptions.Add(deletedException);
        var changes = new PropertyChanges().With(NamedProps.RecurrenceExceptions, PropertyValue.Binary(CalendarExceptionsCodec.Serialize(exceptions)));
        var updated = await store.UpdateItemAsync(mailbox, item.Id, changes, item.ChangeNumber, ct);
        if (updated.Error == StoreError.ChangeConflict)
            return OwaErrors.Conflict("Conflict", "The event changed meanwhile; try again.");
        return updated.IsSuccess ? OwaNoContent.Instance : FromStore(updated.Error);
    }

    /// The appointment with this id in the caller's mailbox, or null (malformed, another mailbox's, missing, not an appointment).
    internal static Task<Item?> AppointmentAsync(IMailStore store, MailboxId mailbox, string id, CancellationToken ct) =>
        OwaIds.ItemAsync(store, mailbox, id, EventMapping.IsAppointment, ct);

    /// The calendar folder named, or the default Calendar when none is.
    internal static Task<(Folder? Folder, IResult? Error)> CalendarFolderAsync(IMailStore store, MailboxId mailbox, string? folderId, CancellationToken ct) =>
        OwaIds.FolderOrDefaultAsync(store, mailbox, folderId, WellKnownFolder.Calendar, EventMapping.IsCalendarFolder, "The folder is not a calendar.", ct);

    private static async Task<(TimeZoneInfo? Zone, IResult? Error)> ZoneAsync(IMailStore store, MailboxId mailbox, string? id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id))
            id = MailSettings.Read(await store.GetStateAsync(mailbox, MailSettings.StateKey, ct)).TimeZone;
        return CalendarTimeZone.TryFindIana(id, out var zone)
            ? (zone, null)
            : (null, OwaErrors.BadRequest("InvalidValue", "timeZone must be an IANA time zone such as Europe/Paris."));
    }

    private static async Task<AddressDto> OrganizerAsync(IDirectory directory, MailboxId mailbox, CancellationToken ct)
    {
        var user = await directory.GetUserAsync(mailbox, ct);
        return user is null ? new AddressDto("", "") : new AddressDto(user.DisplayName, user.PrimarySmtpAddress);
    }

    internal static bool TryInstant(string? text, out DateTime value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        value = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        return value.Year is >= 1900 and <= 2999;
    }

    internal static IResult FromStore(StoreError error) => OwaErrors.FromStore(error, "The item changed meanwhile.");
}
