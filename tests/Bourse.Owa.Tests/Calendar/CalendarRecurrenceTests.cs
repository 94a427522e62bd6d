using System.Buffers.Binary;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;

namespace Bourse.Owa.Tests.Calendar;

/// <summary>Series expansion and the time zone blob shared with ActiveSync (Bourse.Mailbox.Calendar).</summary>
public sealed class CalendarRecurrenceTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTime Utc(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    private static List<DateTime> Expand(CalendarRecurrence r, DateTime first, TimeZoneInfo zone, DateTime from, DateTime to) =>
        r.Expand(first, zone, from, to).ToList();

    [Fact]
    public void AWeeklyNineOClockMeetingStaysAtNineAcrossDaylightSaving()
    {
        // Monday 9:00 in Paris: 08:00 UTC in winter, 07:00 UTC after the last Sunday of March.
        var weekly = new CalendarRecurrence { Type = CalendarRecurrence.Weekly, DaysOfWeek = 1 << (int)DayOfWeek.Monday };
        var list = Expand(weekly, Utc(2026, 3, 16, 8), Paris, Utc(2026, 3, 1), Utc(2026, 4, 7));
        Assert.Equal([Utc(2026, 3, 16, 8), Utc(2026, 3, 23, 8), Utc(2026, 3, 30, 7), Utc(2026, 4, 6, 7)], list);
        foreach (var o in list)
            Assert.Equal(9, CalendarTimeZone.ToLocal(o, Paris).Hour);
    }

    [Fact]
    public void EveryOtherWeekOnTwoDaysStartsFromTheSeriesWeek()
    {
        var r = new CalendarRecurrence { Type = CalendarRecurrence.Weekly, Interval = 2, DaysOfWeek = (1 << 2) | (1 << 4) };
        // Tuesday 2026-01-06 10:00 New York (15:00 UTC).
        var list = Expand(r, Utc(2026, 1, 6, 15), NewYork, Utc(2026, 1, 1), Utc(2026, 2, 1));
        Assert.Equal([Utc(2026, 1, 6, 15), Utc(2026, 1, 8, 15), Utc(2026, 1, 20, 15), Utc(2026, 1, 22, 15)], list);
    }

    [Fact]
    public void MonthlyOnThe31stFallsOnTheLastDayOfShortMonths()
    {
        var r = new CalendarRecurrence { Type = CalendarRecurrence.Monthly, DayOfMonth = 31 };
        var list = Expand(r, Utc(2026, 1, 31, 12), TimeZoneInfo.Utc, Utc(2026, 1, 1), Utc(2026, 5, 1));
        Assert.Equal([Utc(2026, 1, 31, 12), Utc(2026, 2, 28, 12), Utc(2026, 3, 31, 12), Utc(2026, 4, 30, 12)], list);
    }

    [Fact]
    public void MonthlyOnTheLastFridayAndYearlyNth()
    {
        var lastFriday = new CalendarRecurrence { Type = CalendarRecurrence.MonthlyNth, WeekOfMonth = 5, DaysOfWeek = 1 << (int)DayOfWeek.Friday };
        Assert.Equal([Utc(2026, 1, 30, 12), Utc(2026, 2, 27, 12), Utc(2026, 3, 27, 12)],
            Expand(lastFriday, Utc(2026, 1, 30, 12), TimeZoneInfo.Utc, Utc(2026, 1, 1), Utc(2026, 4, 1)));
        // The fourth Thursday of November.
        var thanksgiving = new CalendarRecurrence { Type = CalendarRecurrence.YearlyNth, WeekOfMonth = 4, MonthOfYear = 11, DaysOfWeek = 1 << (int)DayOfWeek.Thursday };
        Assert.Equal([Utc(2026, 11, 26, 17), Utc(2027, 11, 25, 17), Utc(2028, 11, 23, 17)],
            Expand(thanksgiving, Utc(2026, 11, 26, 17), NewYork, Utc(2026, 1, 1), Utc(2029, 1, 1)));
    }

    [Fact]
    public void YearlyOnFebruary29thIsTheLastDayOfFebruaryInOtherYears()
    {
        var r = new CalendarRecurrence { Type = CalendarRecurrence.Yearly, MonthOfYear = 2, DayOfMonth = 29 };
        Assert.Equal([Utc(2028, 2, 29), Utc(2029, 2, 28)], Expand(r, Utc(2028, 2, 29), TimeZoneInfo.Utc, Utc(2028, 1, 1), Utc(2030, 1, 1)));
    }

    [Fact]
    public void CountCountsFromTheStartEvenWhenTheRangeBeginsLater()
    {
        var r = new CalendarRecurrence { Type = CalendarRecurrence.Daily, Occurrences = 5 };
        Assert.Equal([Utc(2026, 1, 4, 9), Utc(2026, 1, 5, 9)], Expand(r, Utc(2026, 1, 1, 9), TimeZoneInfo.Utc, Utc(2026, 1, 4), Utc(2026, 2, 1)));
    }

    [Fact]
    public void UntilIsTheLastDayInTheSeriesZone()
    {
        // Daily at 23:30 in New York = 04:30 UTC the next day; until the 3rd (local) includes the 3rd's occurrence.
        var r = new CalendarRecurrence { Type = CalendarRecurrence.Daily, UntilUtc = Utc(2026, 1, 4, 4, 30) };
        Assert.Equal([Utc(2026, 1, 2, 4, 30), Utc(2026, 1, 3, 4, 30), Utc(2026, 1, 4, 4, 30)],
            Expand(r, Utc(2026, 1, 2, 4, 30), NewYork, Utc(2025, 12, 1), Utc(2026, 2, 1)));
    }

    [Fact]
    public void DailyOnWeekdaysSkipsWeekends()
    {
        var r = new CalendarRecurrence { Type = CalendarRecurrence.Daily, DaysOfWeek = 0b0111110 };
        Assert.Equal([Utc(2026, 11, 27, 8), Utc(2026, 11, 30, 8), Utc(2026, 12, 1, 8)],
            Expand(r, Utc(2026, 11, 27, 8), TimeZoneInfo.Utc, Utc(2026, 11, 27), Utc(2026, 12, 2)));
    }

    [Fact]
    public void AnOpenSeriesFromLongAgoIsExpandedFromNearTheRange()
    {
        var r = new CalendarRecurrence { Type = CalendarRecurrence.Daily };
        var list = Expand(r, Utc(1950, 1, 1, 6), TimeZoneInfo.Utc, Utc(2026, 6, 1), Utc(2026, 6, 3));
        Assert.Equal([Utc(2026, 6, 1, 6), Utc(2026, 6, 2, 6)], list);
    }

    [Fact]
    public void TheBlobOfAnIanaZoneCarriesItsRulesAndName()
    {
        var blob = CalendarTimeZone.ToBlob(Paris, 2026);
        Assert.Equal(172, blob.Length);
        Assert.Equal(-60, BinaryPrimitives.ReadInt32LittleEndian(blob));
        Assert.Equal(-60, BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(168)));
        // StandardDate: October, Sunday, last week, 03:00; DaylightDate: March, Sunday, last week, 02:00 (MS-ASDTYPE 2.7.6).
        Assert.Equal([0, 10, 0, 5, 3, 0], Words(blob.AsSpan(68, 12)));
        Assert.Equal([0, 3, 0, 5, 2, 0], Words(blob.AsSpan(152, 12)));

        var bag = new PropertyBag().Set(NamedProps.TimeZoneInformation, PropertyValue.Binary(blob));
        var zone = CalendarTimeZone.Read(bag, 2026, out var id);
        Assert.Equal("Europe/Paris", id);
        Assert.Equal(TimeSpan.FromHours(2), zone.GetUtcOffset(Utc(2026, 7, 1)));
    }

    [Fact]
    public void APhonesBlobWithoutAnIanaNameIsReadFromItsRules()
    {
        // What an iPhone in New York sends: the rules with a Windows-style name.
        var blob = CalendarTimeZone.ToBlob(NewYork, 2026);
        blob.AsSpan(4, 64).Clear();
        System.Text.Encoding.Unicode.GetBytes("Eastern Standard Time").CopyTo(blob, 4);
        blob.AsSpan(88, 64).Clear();
        var bag = new PropertyBag().Set(NamedProps.TimeZoneInformation, PropertyValue.Binary(blob));
        var zone = CalendarTimeZone.Read(bag, 2026, out var id);
        Assert.Equal("America/New_York", id);
        Assert.Equal(TimeSpan.FromHours(-4), zone.GetUtcOffset(Utc(2026, 7, 1)));
        Assert.Equal(TimeSpan.FromHours(-5), zone.GetUtcOffset(Utc(2026, 12, 1)));
        // A weekly 9:00 stays 9:00 across the US change (second Sunday of March).
        var weekly = new CalendarRecurrence { Type = CalendarRecurrence.Weekly, DaysOfWeek = 1 << (int)DayOfWeek.Monday };
        Assert.Equal([Utc(2026, 3, 2, 14), Utc(2026, 3, 9, 13)], Expand(weekly, Utc(2026, 3, 2, 14), zone, Utc(2026, 3, 1), Utc(2026, 3, 10)));
    }

    [Fact]
    public void NoZoneOrADamagedOneIsUtc()
    {
        Assert.Same(TimeZoneInfo.Utc, CalendarTimeZone.Read(new PropertyBag(), 2026, out var id));
        Assert.Equal("UTC", id);
        var damaged = new byte[172];
        BinaryPrimitives.WriteInt32LittleEndian(damaged, 99999);
        Assert.Same(TimeZoneInfo.Utc, CalendarTimeZone.Read(new PropertyBag().Set(NamedProps.TimeZoneInformation, PropertyValue.Binary(damaged)), 2026, out _));
    }

    private static int[] Words(ReadOnlySpan<byte> bytes)
    {
        var words = new int[bytes.Length / 2];
        for (var i = 0; i < words.Length; i++)
            words[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
        return words;
    }
}
