using System.Globalization;
using System.Text;
using AngleSharp.Html.Parser;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;
using Bourse.Owa.Settings;

namespace Bourse.Owa.Calendar;

/// <summary>
/// Appointments ⇄ the API's Event, over the properties ActiveSync reads and writes (Bourse.ActiveSync's CalendarFields,
/// RecurrenceMapping, ItemParser.Calendar): PidLidAppointmentStartWhole/EndWhole (+ CommonStart/End, Duration),
/// PidLidAppointmentSubType (all day), PidLidLocation, PidLidBusyStatus, PidLidReminderSet/Delta, the time zone blob,
/// the recurrence pattern and exceptions of PSETID_Bourse, the organizer as PidTagSentRepresenting*, attendees as
/// recipient rows (required To, optional Cc, resource Bcc).
/// </summary>
internal static class EventMapping
{
    public const string MessageClass = "IPM.Appointment";
    public const int MaxSubjectChars = 255;
    public const int MaxLocationChars = 255;
    public const int MaxAttendees = 500;
    public const int MaxReminderMinutes = 365 * 24 * 60;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(5 * 366);

    private static readonly string[] ShowAsNames = ["free", "tentative", "busy", "oof", "workingElsewhere"];
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public static bool IsAppointment(Item item) => item.MessageClass.StartsWith(MessageClass, StringComparison.OrdinalIgnoreCase);

    public static bool IsCalendarFolder(Folder folder) =>
        folder.WellKnown == WellKnownFolder.Calendar || (folder.ContainerClass?.StartsWith("IPF.Appointment", StringComparison.OrdinalIgnoreCase) ?? false);

    public static DateTime? Start(PropertyBag bag) => bag.GetDateTime(NamedProps.AppointmentStartWhole) ?? bag.GetDateTime(NamedProps.CommonStart);

    public static DateTime? End(PropertyBag bag) => bag.GetDateTime(NamedProps.AppointmentEndWhole) ?? bag.GetDateTime(NamedProps.CommonEnd) ?? Start(bag);

    public static string ShowAs(PropertyBag bag) => bag.GetInt32(NamedProps.BusyStatus) is { } b and >= 0 and <= 4 ? ShowAsNames[b] : "busy";

    public static int? ReminderMinutes(PropertyBag bag) =>
        bag.GetBoolean(NamedProps.ReminderSet) == true ? bag.GetInt32(NamedProps.ReminderDelta) ?? 15 : null;

    public static AddressDto? Organizer(PropertyBag bag)
    {
        var address = bag.GetString(PropTags.SentRepresentingSmtpAddress) ?? bag.GetString(PropTags.SentRepresentingEmailAddress);
        if (string.IsNullOrEmpty(address))
            return null;
        return new AddressDto(bag.GetString(PropTags.SentRepresentingName) ?? address, address);
    }

    public static OccurrenceDto Occurrence(MailboxId mailbox, Item item, DateTime? originalStart, DateTime start, DateTime end, PropertyBag? exception)
    {
        var bag = item.Properties;
        string Text(PropertyKey key) => exception?.GetString(key) ?? bag.GetString(key) ?? "";
        var allDay = exception?.GetBoolean(NamedProps.AppointmentSubType) ?? bag.GetBoolean(NamedProps.AppointmentSubType) ?? false;
        var showAs = exception?.Contains(NamedProps.BusyStatus) == true ? ShowAs(exception) : ShowAs(bag);
        var reminder = exception?.Contains(NamedProps.ReminderSet) == true ? ReminderMinutes(exception) : ReminderMinutes(bag);
        return new OccurrenceDto(StoreIds.Encode(mailbox, item.Id), originalStart, Text(PropTags.Subject), start, end, allDay, Text(NamedProps.Location),
            showAs, originalStart is not null, reminder, Organizer(bag));
    }

    public static EventDto Event(MailboxId mailbox, Item item)
    {
        var bag = item.Properties;
        var start = Start(bag) ?? DateTime.UnixEpoch;
        var end = End(bag) ?? start;
        var zone = CalendarTimeZone.Read(bag, start.Year, out var zoneId);
        var attendees = new List<AttendeeDto>();
        foreach (var r in item.Recipients)
        {
            // MS-OXOCAL: the organizer's own row (recipOrganizer 0x0002) is not an attendee.
            if (r.Type is not (RecipientType.To or RecipientType.Cc or RecipientType.Bcc) || r.Address.Length == 0
                || ((r.Properties.GetInt32(PropTags.RecipientFlags) ?? 0) & 0x2) != 0)
                continue;
            attendees.Add(new AttendeeDto(r.DisplayName, r.Address, r.Type switch { RecipientType.Cc => "optional", RecipientType.Bcc => "resource", _ => "required" }));
        }

        return new EventDto(StoreIds.Encode(mailbox, item.Id), StoreIds.Encode(mailbox, item.FolderId), item.Subject, start, end,
            bag.GetBoolean(NamedProps.AppointmentSubType) ?? false, bag.GetString(NamedProps.Location) ?? "", BodyHtml(bag), zoneId, ShowAs(bag),
            ReminderMinutes(bag), Recurrence(CalendarRecurrence.Read(bag), zone), attendees, Organizer(bag));
    }

    private static RecurrenceDto? Recurrence(CalendarRecurrence? r, TimeZoneInfo zone)
    {
        if (r is null)
            return null;
        var days = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            if ((r.DaysOfWeek & (1 << i)) != 0)
                days.Add(DayNames[i]);
        }

        var type = r.Type switch
        {
            CalendarRecurrence.Daily => "daily",
            CalendarRecurrence.Weekly => "weekly",
            CalendarRecurrence.Monthly => "monthly",
            CalendarRecurrence.MonthlyNth => "monthlyNth",
            CalendarRecurrence.Yearly => "yearly",
            _ => "yearlyNth",
        };
        var until = r.UntilUtc is { } u ? CalendarTimeZone.ToLocal(u, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        return new RecurrenceDto(type, r.Interval, days, r.DayOfMonth, r.WeekOfMonth, r.MonthOfYear, until, r.Occurrences);
    }

    /// The body as sanitized HTML: PidTagHtml when there is one, else PidTagBody encoded.
    public static string BodyHtml(PropertyBag bag)
    {
        if (bag.GetBinary(PropTags.Html) is { Length: > 0 } html)
        {
            var codepage = bag.GetInt32(PropTags.InternetCodepage) ?? 65001;
            var text = codepage == 65001 ? Encoding.UTF8.GetString(html) : Encoding.Latin1.GetString(html);
            return OwaHtml.Sanitize(text);
        }

        return bag.GetString(PropTags.Body) is { Length: > 0 } plain ? OwaHtml.FromPlainText(plain) : "";
    }

    /// <summary>
    /// The properties and attendees of an event from the client's input, or the reason it is refused. <paramref name="existing"/>
    /// is the item a PUT replaces (its UID and organizer stay; its exceptions stay while the series' pattern and times do).
    /// </summary>
    public static string? TryBuild(EventInput input, TimeZoneInfo zone, AddressDto organizer, Item? existing, out PropertyChanges changes,
        out List<Recipient> attendees)
    {
        changes = new PropertyChanges();
        attendees = [];
        var subject = (input.Subject ?? "").Trim();
        if (subject.Length > MaxSubjectChars)
            return "The subject is too long.";
        var location = (input.Location ?? "").Trim();
        if (location.Length > MaxLocationChars)
            return "The location is too long.";
        if (input.StartUtc is not { } startInput || input.EndUtc is not { } endInput)
            return "startUtc and endUtc are required.";
        var start = AsUtc(startInput);
        var end = AsUtc(endInput);
        if (end < start)
            return "endUtc is before startUtc.";
        if (end - start > MaxDuration)
            return "The event is too long.";
        if (start.Year is < 1900 or > 2999)
            return "startUtc is out of range.";
        if (input.IsAllDay)
        {
            // An all-day event runs from midnight to midnight in its zone (MS-OXOCAL 2.2.1.9).
            var localStart = CalendarTimeZone.ToLocal(start, zone).Date;
            var localEnd = CalendarTimeZone.ToLocal(end, zone);
            localEnd = localEnd.TimeOfDay == TimeSpan.Zero ? localEnd : localEnd.Date.AddDays(1);
            if (localEnd <= localStart)
                localEnd = localStart.AddDays(1);
            start = CalendarTimeZone.ToUtc(localStart, zone);
            end = CalendarTimeZone.ToUtc(localEnd, zone);
        }

        var busy = input.ShowAs is null ? 2 : Array.IndexOf(ShowAsNames, input.ShowAs);
        if (busy < 0)
            return "showAs must be free, tentative, busy, oof or workingElsewhere.";
        if (input.ReminderMinutes is < 0 or > MaxReminderMinutes)
            return "reminderMinutes is out of range.";
        if (input.Attendees?.Count > MaxAttendees)
            return "Too many attendees.";
        foreach (var a in input.Attendees ?? [])
        {
            var address = (a.Address ?? "").Trim();
            if (address.Length is 0 or > 320 || address.IndexOf('@', StringComparison.Ordinal) is var at && (at <= 0 || at == address.Length - 1)
                || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || (a.Name?.Length ?? 0) > 256)
                return "An attendee's address is not valid.";
            var type = a.Type switch { null or "required" => RecipientType.To, "optional" => RecipientType.Cc, "resource" => RecipientType.Bcc, _ => (RecipientType?)null };
            if (type is null)
                return "An attendee's type must be required, optional or resource.";
            attendees.Add(new Recipient(type.Value, address, string.IsNullOrWhiteSpace(a.Name) ? null : a.Name.Trim()));
        }

        CalendarRecurrence? recurrence = null;
        if (input.Recurrence is { } r && TryRecurrence(r, start, zone, out recurrence) is { } recurrenceError)
            return recurrenceError;

        changes.With(PropTags.MessageClass, PropertyValue.Unicode(MessageClass));
        changes.With(PropTags.Subject, PropertyValue.Unicode(subject));
        changes.With(PropTags.NormalizedSubject, PropertyValue.Unicode(subject));
        changes.With(PropTags.SubjectPrefix, PropertyValue.Unicode(""));
        changes.With(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(start));
        changes.With(NamedProps.AppointmentEndWhole, PropertyValue.SysTime(end));
        changes.With(NamedProps.CommonStart, PropertyValue.SysTime(start));
        changes.With(NamedProps.CommonEnd, PropertyValue.SysTime(end));
        changes.With(NamedProps.AppointmentDuration, PropertyValue.Long((int)Math.Min(int.MaxValue, (end - start).TotalMinutes)));
        changes.With(NamedProps.AppointmentSubType, PropertyValue.Boolean(input.IsAllDay));
        changes.With(NamedProps.BusyStatus, PropertyValue.Long(busy));
        if (location.Length > 0)
            changes.With(NamedProps.Location, PropertyValue.Unicode(location));
        else
            changes.Without(NamedProps.Location);
        // A location typed in the browser has no structured details; those a phone sent go with the old location.
        changes.Without(NamedProps.LocationDetails);
        if (input.ReminderMinutes is { } minutes)
        {
            changes.With(NamedProps.ReminderSet, PropertyValue.Boolean(true));
            changes.With(NamedProps.ReminderDelta, PropertyValue.Long(minutes));
        }
        else
        {
            changes.With(NamedProps.ReminderSet, PropertyValue.Boolean(false));
            changes.Without(NamedProps.ReminderDelta);
        }

        // The reminder starts again from the (new) times; a dismissal or snooze of the old ones no longer applies.
        changes.Without(NamedProps.ReminderSignalTime);
        changes.Without(NamedProps.ReminderTime);
        CalendarTimeZone.Write(zone, CalendarTimeZone.ToLocal(start, zone).Year, changes);
        SetBody(input.BodyHtml ?? "", changes);
        // MS-OXOCAL PidLidAppointmentStateFlags: asfMeeting when there are attendees (invitations are not sent yet).
        changes.With(NamedProps.AppointmentStateFlags, PropertyValue.Long(attendees.Count > 0 ? 1 : 0));

        if (recurrence is null)
        {
            CalendarRecurrence.Remove(changes);
        }
        else
        {
            recurrence.Write(changes);
            // Exceptions belong to the occurrences of one pattern at one time of day: a new pattern or time drops them.
            if (existing is not null && (CalendarRecurrence.Read(existing.Properties) != recurrence || Start(existing.Properties) != start))
                changes.Without(NamedProps.RecurrenceExceptions);
        }

        if (existing is null)
        {
            var goid = NewGlobalObjectId();
            changes.With(NamedProps.GlobalObjectId, PropertyValue.Binary(goid));
            changes.With(NamedProps.CleanGlobalObjectId, PropertyValue.Binary(goid));
            changes.With(PropTags.SentRepresentingName, PropertyValue.Unicode(organizer.Name));
            changes.With(PropTags.SentRepresentingSmtpAddress, PropertyValue.Unicode(organizer.Address));
            changes.With(PropTags.SentRepresentingEmailAddress, PropertyValue.Unicode(organizer.Address));
            changes.With(PropTags.SentRepresentingAddressType, PropertyValue.Unicode("SMTP"));
            changes.With(PropTags.MessageFlags, PropertyValue.Long((int)MessageFlags.Read));
            changes.With(PropTags.HasAttachments, PropertyValue.Boolean(false));
        }

        return null;
    }

    private static string? TryRecurrence(RecurrenceInput r, DateTime start, TimeZoneInfo zone, out CalendarRecurrence? recurrence)
    {
        recurrence = null;
        var type = r.Type switch
        {
            "daily" => CalendarRecurrence.Daily,
            "weekly" => CalendarRecurrence.Weekly,
            "monthly" => CalendarRecurrence.Monthly,
            "monthlyNth" => CalendarRecurrence.MonthlyNth,
            "yearly" => CalendarRecurrence.Yearly,
            "yearlyNth" => CalendarRecurrence.YearlyNth,
            _ => -1,
        };
        if (type < 0)
            return "recurrence.type must be daily, weekly, monthly, monthlyNth, yearly or yearlyNth.";
        if (r.Interval is < 1 or > 999)
            return "recurrence.interval must be 1 to 999.";
        var mask = 0;
        foreach (var day in r.DaysOfWeek ?? [])
        {
            var i = Array.IndexOf(DayNames, day);
            if (i < 0)
                return "recurrence.daysOfWeek holds an unknown day.";
            mask |= 1 << i;
        }

        if (r.DayOfMonth is < 1 or > 31 || r.WeekOfMonth is < 1 or > 5 || r.MonthOfYear is < 1 or > 12)
            return "recurrence.dayOfMonth, weekOfMonth or monthOfYear is out of range.";
        if (r.Count is < 1 or > CalendarRecurrence.MaxOccurrences)
            return "recurrence.count must be 1 to 999.";
        if (r.Count is not null && r.Until is not null)
            return "recurrence has both until and count.";
        var local = CalendarTimeZone.ToLocal(start, zone);
        DateTime? until = null;
        if (r.Until is { } untilText)
        {
            if (!DateOnly.TryParseExact(untilText.Length > 10 ? untilText[..10] : untilText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return "recurrence.until must be a date (yyyy-MM-dd).";
            if (date.ToDateTime(TimeOnly.MinValue) < local.Date)
                return "recurrence.until is before the event.";
            // Kept as the start of the last possible occurrence, as ActiveSync devices send it.
            until = CalendarTimeZone.ToUtc(date.ToDateTime(TimeOnly.FromTimeSpan(local.TimeOfDay)), zone);
        }

        int? dayOfMonth = null, weekOfMonth = null, monthOfYear = null;
        switch (type)
        {
            case CalendarRecurrence.Daily:
                // Only "every weekday"-style patterns carry days, and they repeat every week.
                if (mask != 0 && (r.Interval ?? 1) != 1)
                    return "A daily recurrence on given days repeats every day.";
                break;
            case CalendarRecurrence.Weekly:
                mask = mask != 0 ? mask : 1 << (int)local.DayOfWeek;
                break;
            case CalendarRecurrence.Monthly:
                mask = 0;
                dayOfMonth = r.DayOfMonth ?? local.Day;
                break;
            case CalendarRecurrence.MonthlyNth:
                mask = mask != 0 ? mask : 1 << (int)local.DayOfWeek;
                weekOfMonth = r.WeekOfMonth ?? Math.Min(5, (local.Day - 1) / 7 + 1);
                break;
            case CalendarRecurrence.Yearly:
                mask = 0;
                dayOfMonth = r.DayOfMonth ?? local.Day;
                monthOfYear = r.MonthOfYear ?? local.Month;
                break;
            default:
                mask = mask != 0 ? mask : 1 << (int)local.DayOfWeek;
                weekOfMonth = r.WeekOfMonth ?? Math.Min(5, (local.Day - 1) / 7 + 1);
                monthOfYear = r.MonthOfYear ?? local.Month;
                break;
        }

        recurrence = new CalendarRecurrence
        {
            Type = type, Interval = r.Interval ?? 1, DaysOfWeek = mask, DayOfMonth = dayOfMonth, WeekOfMonth = weekOfMonth,
            MonthOfYear = monthOfYear, UntilUtc = until, Occurrences = r.Count,
        };
        return null;
    }

    /// The body as ActiveSync's parser stores an HTML body: PidTagHtml (UTF-8), PidTagBody (its text), codepage, native body.
    private static void SetBody(string html, PropertyChanges changes)
    {
        changes.Without(PropTags.RtfCompressed);
        var clean = OwaHtml.Sanitize(html);
        if (clean.Trim().Length == 0)
        {
            changes.Without(PropTags.Html);
            changes.Without(PropTags.Body);
            changes.Without(PropTags.InternetCodepage);
            changes.Without(PropTags.NativeBody);
            return;
        }

        changes.With(PropTags.Html, PropertyValue.Binary(Encoding.UTF8.GetBytes(clean)));
        changes.With(PropTags.Body, PropertyValue.Unicode(PlainText(clean)));
        changes.With(PropTags.InternetCodepage, PropertyValue.Long(65001));
        changes.With(PropTags.NativeBody, PropertyValue.Long(3));
    }

    private static string PlainText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var br in document.QuerySelectorAll("br"))
            br.Replace(document.CreateTextNode("\n"));
        foreach (var block in document.QuerySelectorAll("p, div, li, tr, h1, h2, h3, h4, h5, h6"))
            block.Append(document.CreateTextNode("\n"));
        return (document.Body?.TextContent ?? "").Trim().ReplaceLineEndings("\r\n");
    }

    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// MS-OXOCAL 2.2.1.27 PidLidGlobalObjectId: the Byte Array ID, zeroed instance date, creation time and reserved bytes,
    /// the data size, then the data (a random GUID), as ActiveSync makes one for an item created without a UID.
    private static byte[] NewGlobalObjectId()
    {
        ReadOnlySpan<byte> byteArrayId = [0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00, 0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0, 0x08];
        var goid = new byte[40 + 16];
        byteArrayId.CopyTo(goid);
        BitConverter.TryWriteBytes(goid.AsSpan(36, 4), 16);
        Guid.NewGuid().TryWriteBytes(goid.AsSpan(40));
        return goid;
    }
}
