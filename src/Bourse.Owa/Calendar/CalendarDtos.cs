namespace Bourse.Owa.Calendar;

/// The calendar shapes of docs/owa-api.md.
internal sealed record AddressDto(string Name, string Address);

internal sealed record OccurrenceDto(string Id, DateTime? OccurrenceStartUtc, string Subject, DateTime StartUtc, DateTime EndUtc, bool IsAllDay,
    string Location, string ShowAs, bool IsRecurring, int? ReminderMinutes, AddressDto? Organizer);

internal sealed record OccurrenceListDto(IReadOnlyList<OccurrenceDto> Events);

internal sealed record RecurrenceDto(string Type, int Interval, IReadOnlyList<string> DaysOfWeek, int? DayOfMonth, int? WeekOfMonth, int? MonthOfYear,
    string? Until, int? Count);

internal sealed record AttendeeDto(string Name, string Address, string Type);

internal sealed record EventDto(string Id, string FolderId, string Subject, DateTime StartUtc, DateTime EndUtc, bool IsAllDay, string Location,
    string BodyHtml, string TimeZone, string ShowAs, int? ReminderMinutes, RecurrenceDto? Recurrence, IReadOnlyList<AttendeeDto> Attendees,
    AddressDto? Organizer, DateTime? OccurrenceStartUtc = null);

internal sealed record ReminderDto(string Id, string Subject, DateTime StartUtc, DateTime ReminderUtc, string Location);

internal sealed record ReminderListDto(IReadOnlyList<ReminderDto> Items);

/// The body of POST and PUT: an Event without its id (unknown members are ignored).
internal sealed class EventInput
{
    public string? FolderId { get; init; }
    public string? Subject { get; init; }
    public DateTime? StartUtc { get; init; }
    public DateTime? EndUtc { get; init; }
    public bool IsAllDay { get; init; }
    public string? Location { get; init; }
    public string? BodyHtml { get; init; }
    public string? TimeZone { get; init; }
    public string? ShowAs { get; init; }
    public int? ReminderMinutes { get; init; }
    public RecurrenceInput? Recurrence { get; init; }
    public List<AttendeeInput>? Attendees { get; init; }
}

internal sealed class RecurrenceInput
{
    public string? Type { get; init; }
    public int? Interval { get; init; }
    public List<string>? DaysOfWeek { get; init; }
    public int? DayOfMonth { get; init; }
    public int? WeekOfMonth { get; init; }
    public int? MonthOfYear { get; init; }
    public string? Until { get; init; }
    public int? Count { get; init; }
}

internal sealed class AttendeeInput
{
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? Type { get; init; }
}

internal sealed class SnoozeInput
{
    public int? Minutes { get; init; }
}
