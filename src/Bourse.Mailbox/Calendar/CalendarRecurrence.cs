using Bourse.Core.Properties;

namespace Bourse.Mailbox.Calendar;

/// <summary>
/// The recurrence pattern of an appointment as Bourse keeps it (NamedProps, PSETID_Bourse; the same fields ActiveSync's
/// Recurrence carries, MS-ASCAL 2.2.2.37): type in ActiveSync numbering, interval, days of the week (Sunday 1 … Saturday 64),
/// day of the month, week of the month (5 = last), month of the year, an end date or an occurrence count.
/// </summary>
public sealed record CalendarRecurrence
{
    public const int Daily = 0;
    public const int Weekly = 1;
    public const int Monthly = 2;
    public const int MonthlyNth = 3;
    public const int Yearly = 5;
    public const int YearlyNth = 6;

    /// <summary>The most occurrences a pattern may count (ActiveSync's Occurrences bound).</summary>
    public const int MaxOccurrences = 999;

    public int Type { get; init; }
    public int Interval { get; init; } = 1;
    public int DaysOfWeek { get; init; }
    public int? DayOfMonth { get; init; }
    public int? WeekOfMonth { get; init; }
    public int? MonthOfYear { get; init; }

    /// <summary>The pattern ends on this day (in the series' zone): the last occurrence starts on or before it.</summary>
    public DateTime? UntilUtc { get; init; }

    public int? Occurrences { get; init; }

    /// <summary>0 Sunday … 6 Saturday: where a week of a weekly pattern begins.</summary>
    public int FirstDayOfWeek { get; init; }

    private static readonly PropertyKey[] PatternKeys =
    [
        NamedProps.RecurrencePatternType, NamedProps.RecurrenceInterval, NamedProps.RecurrenceDayOfWeek, NamedProps.RecurrenceDayOfMonth,
        NamedProps.RecurrenceWeekOfMonth, NamedProps.RecurrenceMonthOfYear, NamedProps.RecurrenceUntil, NamedProps.RecurrenceOccurrences,
        NamedProps.RecurrenceFirstDayOfWeek, NamedProps.RecurrenceCalendarType, NamedProps.RecurrenceIsLeapMonth,
    ];

    /// <summary>The item's pattern, or null when it is not recurring (or its pattern is not one Bourse can expand).</summary>
    public static CalendarRecurrence? Read(PropertyBag bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        if (bag.GetInt32(NamedProps.RecurrencePatternType) is not ({ } type and (Daily or Weekly or Monthly or MonthlyNth or Yearly or YearlyNth)))
            return null;
        return new CalendarRecurrence
        {
            Type = type,
            Interval = bag.GetInt32(NamedProps.RecurrenceInterval) is { } i and >= 1 and <= 999 ? i : 1,
            DaysOfWeek = bag.GetInt32(NamedProps.RecurrenceDayOfWeek) is { } d and >= 1 and <= 127 ? d : 0,
            DayOfMonth = bag.GetInt32(NamedProps.RecurrenceDayOfMonth) is { } dm and >= 1 and <= 31 ? dm : null,
            WeekOfMonth = bag.GetInt32(NamedProps.RecurrenceWeekOfMonth) is { } w and >= 1 and <= 5 ? w : null,
            MonthOfYear = bag.GetInt32(NamedProps.RecurrenceMonthOfYear) is { } m and >= 1 and <= 12 ? m : null,
            UntilUtc = bag.GetDateTime(NamedProps.RecurrenceUntil),
            Occurrences = bag.GetInt32(NamedProps.RecurrenceOccurrences) is { } o and >= 1 ? Math.Min(o, MaxOccurrences) : null,
            FirstDayOfWeek = bag.GetInt32(NamedProps.RecurrenceFirstDayOfWeek) is { } f and >= 0 and <= 6 ? f : 0,
        };
    }

    /// <summary>
    /// Writes the pattern as ActiveSync's parser does: the pattern fields (absent ones removed), PidLidRecurring and
    /// PidLidRecurrenceType (MS-OXOCAL: 1 daily, 2 weekly, 3 monthly, 4 yearly) kept in step.
    /// </summary>
    public void Write(PropertyChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var key in PatternKeys)
            changes.Without(key);
        changes.With(NamedProps.RecurrencePatternType, PropertyValue.Long(Type));
        changes.With(NamedProps.RecurrenceInterval, PropertyValue.Long(Interval));
        if (DaysOfWeek != 0)
            changes.With(NamedProps.RecurrenceDayOfWeek, PropertyValue.Long(DaysOfWeek));
        if (DayOfMonth is { } dm)
            changes.With(NamedProps.RecurrenceDayOfMonth, PropertyValue.Long(dm));
        if (WeekOfMonth is { } w)
            changes.With(NamedProps.RecurrenceWeekOfMonth, PropertyValue.Long(w));
        if (MonthOfYear is { } m)
            changes.With(NamedProps.RecurrenceMonthOfYear, PropertyValue.Long(m));
        if (UntilUtc is { } u)
            changes.With(NamedProps.RecurrenceUntil, PropertyValue.SysTime(u));
        if (Occurrences is { } o)
            changes.With(NamedProps.RecurrenceOccurrences, PropertyValue.Long(o));
        changes.With(NamedProps.RecurrenceFirstDayOfWeek, PropertyValue.Long(FirstDayOfWeek));
        // MS-ASCAL 2.2.2.10: a response carries CalendarType for types 2, 3, 5 and 6; Bourse's patterns are Gregorian (0, default).
        if (Type is Monthly or MonthlyNth or Yearly or YearlyNth)
            changes.With(NamedProps.RecurrenceCalendarType, PropertyValue.Long(0));
        changes.With(NamedProps.Recurring, PropertyValue.Boolean(true));
        changes.With(NamedProps.RecurrenceType, PropertyValue.Long(Type switch { Daily => 1, Weekly => 2, Monthly or MonthlyNth => 3, _ => 4 }));
    }

    /// <summary>Removes the pattern; an item that is no longer recurring also loses its exceptions (as in ActiveSync).</summary>
    public static void Remove(PropertyChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var key in PatternKeys)
            changes.Without(key);
        changes.With(NamedProps.Recurring, PropertyValue.Boolean(false));
        changes.Without(NamedProps.RecurrenceType);
        changes.Without(NamedProps.RecurrenceExceptions);
    }

    /// <summary>
    /// The original start (UTC) of every occurrence of the pattern whose start lies in [<paramref name="fromUtc"/>,
    /// <paramref name="toUtc"/>), in order, before exceptions. Occurrences keep the series' local time of day in
    /// <paramref name="zone"/>, so a 9:00 meeting stays at 9:00 across daylight-saving changes. The count of a counted
    /// pattern includes occurrences before <paramref name="fromUtc"/> (and deleted ones), as Outlook counts them.
    /// </summary>
    public IEnumerable<DateTime> Expand(DateTime seriesStartUtc, TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var startLocal = CalendarTimeZone.ToLocal(seriesStartUtc, zone);
        var startDate = startLocal.Date;
        var timeOfDay = startLocal.TimeOfDay;
        var untilDate = UntilUtc is { } u ? CalendarTimeZone.ToLocal(u, zone).Date : DateTime.MaxValue.Date;
        var toDate = CalendarTimeZone.ToLocal(toUtc, zone).Date.AddDays(1);
        var fromDate = CalendarTimeZone.ToLocal(fromUtc, zone).Date.AddDays(-1);
        var count = 0;
        // A counted pattern is walked from its start (it counts every occurrence); an open one starts near the range.
        var period = Occurrences is null ? FirstPeriodNear(startDate, fromDate) : 0;
        for (var guard = 0; guard < 200_000; guard++, period++)
        {
            var any = false;
            foreach (var date in DatesOfPeriod(startDate, period))
            {
                any = true;
                if (date < startDate)
                    continue;
                if (date > untilDate || date > toDate)
                    yield break;
                var utc = CalendarTimeZone.ToUtc(date + timeOfDay, zone);
                count++;
                if (utc >= fromUtc && utc < toUtc)
                    yield return utc;
                if (Occurrences is { } n && count >= n)
                    yield break;
            }

            if (!any && PeriodStart(startDate, period) > toDate)
                yield break;
        }
    }

    private int Step => Math.Max(1, Interval);

    private bool DailyByWeekday => Type == Daily && DaysOfWeek != 0;

    /// A period some time before the first one that can reach <paramref name="fromDate"/>.
    private long FirstPeriodNear(DateTime startDate, DateTime fromDate)
    {
        if (fromDate <= startDate)
            return 0;
        var days = (fromDate - startDate).Days;
        var months = (fromDate.Year - startDate.Year) * 12 + fromDate.Month - startDate.Month;
        var period = Type switch
        {
            Daily => DailyByWeekday ? days : days / Step,
            Weekly => days / (7 * Step),
            Monthly or MonthlyNth => months / Step,
            _ => (fromDate.Year - startDate.Year) / Step,
        };
        return Math.Max(0, period - 2);
    }

    private DateTime PeriodStart(DateTime startDate, long period) => Type switch
    {
        Daily => SafeAddDays(startDate, DailyByWeekday ? period : period * Step),
        Weekly => SafeAddDays(WeekStart(startDate), period * 7 * Step),
        Monthly or MonthlyNth => SafeAddMonths(new DateTime(startDate.Year, startDate.Month, 1), period * Step),
        _ => SafeAddMonths(new DateTime(startDate.Year, 1, 1), period * 12 * Step),
    };

    private IEnumerable<DateTime> DatesOfPeriod(DateTime startDate, long period)
    {
        var first = PeriodStart(startDate, period);
        if (first == DateTime.MaxValue.Date)
            yield break;
        switch (Type)
        {
            case Daily:
                if (!DailyByWeekday || HasDay(first.DayOfWeek))
                    yield return first;
                break;
            case Weekly:
                var mask = DaysOfWeek != 0 ? DaysOfWeek : 1 << (int)startDate.DayOfWeek;
                for (var i = 0; i < 7; i++)
                {
                    var day = first.AddDays(i);
                    if ((mask & (1 << (int)day.DayOfWeek)) != 0)
                        yield return day;
                }

                break;
            case Monthly:
                yield return DayIn(first.Year, first.Month, DayOfMonth ?? startDate.Day);
                break;
            case MonthlyNth:
                if (NthDay(first.Year, first.Month, startDate) is { } nth)
                    yield return nth;
                break;
            case Yearly:
                yield return DayIn(first.Year, MonthOfYear ?? startDate.Month, DayOfMonth ?? startDate.Day);
                break;
            case YearlyNth:
                if (NthDay(first.Year, MonthOfYear ?? startDate.Month, startDate) is { } yearly)
                    yield return yearly;
                break;
        }
    }

    private bool HasDay(DayOfWeek day) => (DaysOfWeek & (1 << (int)day)) != 0;

    private DateTime WeekStart(DateTime date) => date.AddDays(-(((int)date.DayOfWeek - FirstDayOfWeek + 7) % 7));

    /// The day of the month, or the month's last day when it has fewer days (Outlook's "day 31" in April is the 30th).
    private static DateTime DayIn(int year, int month, int day) => new(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));

    /// The WeekOfMonth-th (5 = last) day of the month that is one of DaysOfWeek (the series' weekday when none is given).
    private DateTime? NthDay(int year, int month, DateTime startDate)
    {
        var mask = DaysOfWeek != 0 ? DaysOfWeek : 1 << (int)startDate.DayOfWeek;
        var week = WeekOfMonth ?? Math.Min(5, (startDate.Day - 1) / 7 + 1);
        var days = DateTime.DaysInMonth(year, month);
        if (week == 5)
        {
            for (var d = days; d >= 1; d--)
            {
                var date = new DateTime(year, month, d);
                if ((mask & (1 << (int)date.DayOfWeek)) != 0)
                    return date;
            }

            return null;
        }

        var seen = 0;
        for (var d = 1; d <= days; d++)
        {
            var date = new DateTime(year, month, d);
            if ((mask & (1 << (int)date.DayOfWeek)) != 0 && ++seen == week)
                return date;
        }

        return null;
    }

    private static DateTime SafeAddDays(DateTime date, long days) =>
        days > (DateTime.MaxValue.Date - date).Days - 1 ? DateTime.MaxValue.Date : date.AddDays(days);

    private static DateTime SafeAddMonths(DateTime date, long months) =>
        months > (DateTime.MaxValue.Year - date.Year - 1) * 12L ? DateTime.MaxValue.Date : date.AddMonths((int)months);
}
