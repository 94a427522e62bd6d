using System.Buffers.Binary;
using System.Text;
using Bourse.Core.Properties;

namespace Bourse.Mailbox.Calendar;

/// <summary>
/// The time zone of a calendar item as every protocol keeps it: the TIME_ZONE_INFORMATION of MS-ASDTYPE 2.7.6 (172 bytes:
/// Bias, StandardName, StandardDate, StandardBias, DaylightName, DaylightDate, DaylightBias) in
/// NamedProps.TimeZoneInformation, with its MAPI form PidLidTimeZoneStruct (MS-OXOCAL 2.2.1.39) and PidLidTimeZoneDescription.
/// A zone chosen by name (IANA, "Europe/Paris") is written with that name in both name fields, so it is read back by name;
/// a zone a phone sent is read back from its rules.
/// </summary>
public static class CalendarTimeZone
{
    /// <summary>The length of a TIME_ZONE_INFORMATION.</summary>
    public const int BlobLength = 172;

    private const int NameBytes = 64;
    private const int TzStructLength = 48;

    /// <summary>The TIME_ZONE_INFORMATION of <paramref name="zone"/> with the rules in force in <paramref name="year"/>.</summary>
    public static byte[] ToBlob(TimeZoneInfo zone, int year)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var blob = new byte[BlobLength];
        var span = blob.AsSpan();
        var (standard, daylight, toDaylight, toStandard) = TransitionsOf(zone, year);
        BinaryPrimitives.WriteInt32LittleEndian(span, -(int)standard.TotalMinutes);
        WriteName(span.Slice(4, NameBytes), zone.Id);
        WriteName(span.Slice(88, NameBytes), zone.Id);
        if (toDaylight is { } d && toStandard is { } s)
        {
            WriteSystemTime(span.Slice(68, 16), s);
            WriteSystemTime(span.Slice(152, 16), d);
            BinaryPrimitives.WriteInt32LittleEndian(span[168..], -(int)(daylight - standard).TotalMinutes);
        }

        return blob;
    }

    /// <summary>Writes the zone of an item: the blob, PidLidTimeZoneStruct and PidLidTimeZoneDescription (as ActiveSync does for a device's blob).</summary>
    public static void Write(TimeZoneInfo zone, int year, PropertyChanges changes) => Write(ToBlob(zone, year), changes);

    /// <summary>
    /// Stores a TIME_ZONE_INFORMATION byte-exact (a device's, or one of <see cref="ToBlob"/>) and derives the MAPI properties
    /// from it: PidLidTimeZoneStruct (lBias, lStandardBias, lDaylightBias, wStandardYear, stStandardDate, wDaylightYear,
    /// stDaylightDate) and PidLidTimeZoneDescription from its standard name (removed when the name is empty).
    /// </summary>
    public static void Write(byte[] blob, PropertyChanges changes)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(changes);
        changes.With(NamedProps.TimeZoneInformation, PropertyValue.Binary(blob));
        var tz = new byte[TzStructLength];
        var s = blob.AsSpan();
        var t = tz.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(t, BinaryPrimitives.ReadInt32LittleEndian(s));                   // lBias
        BinaryPrimitives.WriteInt32LittleEndian(t[4..], BinaryPrimitives.ReadInt32LittleEndian(s[84..]));        // lStandardBias
        BinaryPrimitives.WriteInt32LittleEndian(t[8..], BinaryPrimitives.ReadInt32LittleEndian(s[168..]));       // lDaylightBias
        s.Slice(68, 2).CopyTo(t[12..]);                                                                           // wStandardYear
        s.Slice(68, 16).CopyTo(t[14..]);                                                                          // stStandardDate
        s.Slice(152, 2).CopyTo(t[30..]);                                                                          // wDaylightYear
        s.Slice(152, 16).CopyTo(t[32..]);                                                                         // stDaylightDate
        changes.With(NamedProps.TimeZoneStruct, PropertyValue.Binary(tz));
        var name = Name(s.Slice(4, NameBytes));
        if (name.Length > 0)
            changes.With(NamedProps.TimeZoneDescription, PropertyValue.Unicode(name));
        else
            changes.Without(NamedProps.TimeZoneDescription);
    }

    /// <summary>
    /// The TIME_ZONE_INFORMATION an item keeps: the one stored byte-exact, else one rebuilt from PidLidTimeZoneStruct and
    /// PidLidTimeZoneDescription (an item written by a MAPI client), else null.
    /// </summary>
    public static byte[]? StoredBlob(PropertyBag bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        return bag.GetBinary(NamedProps.TimeZoneInformation) is { Length: BlobLength } raw ? raw : FromStruct(bag);
    }

    /// <summary>
    /// The zone an item is in: the IANA zone named in its blob when the blob's rules agree with it, else a zone built from the
    /// blob's rules (or from PidLidTimeZoneStruct), else UTC. <paramref name="ianaId"/> is the IANA name to show the user:
    /// the named zone, or the first system zone with the same rules in <paramref name="year"/>, or "UTC".
    /// </summary>
    public static TimeZoneInfo Read(PropertyBag bag, int year, out string ianaId)
    {
        ArgumentNullException.ThrowIfNull(bag);
        var blob = StoredBlob(bag);
        ianaId = "UTC";
        if (blob is null)
            return TimeZoneInfo.Utc;
        // Every event of a calendar tends to carry the same few blobs: each is worked out once per year asked.
        var key = (Convert.ToHexString(blob), year);
        if (Reads.TryGetValue(key, out var known))
        {
            ianaId = known.IanaId;
            return known.Zone;
        }

        var zone = ReadBlob(blob, year, out ianaId);
        if (Reads.Count > 4096)
            Reads.Clear();
        Reads[key] = (zone, ianaId);
        return zone;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Blob, int Year), (TimeZoneInfo Zone, string IanaId)> Reads = new();

    private static TimeZoneInfo ReadBlob(byte[] blob, int year, out string ianaId)
    {
        ianaId = "UTC";
        var name = Name(blob.AsSpan(4, NameBytes));
        if (name.Contains('/', StringComparison.Ordinal) || name == "UTC")
        {
            if (TryFindIana(name, out var named) && RulesEqual(ToBlob(named, year), blob))
            {
                ianaId = named.Id;
                return named;
            }
        }

        var zone = FromBlob(blob);
        if (zone is null)
            return TimeZoneInfo.Utc;
        ianaId = Match(blob, year) ?? (zone.BaseUtcOffset == TimeSpan.Zero && zone.GetAdjustmentRules().Length == 0 ? "UTC" : zone.Id);
        return zone;
    }

    /// <summary>
    /// Converts a local time of <paramref name="zone"/> to UTC: a time in the spring-forward gap moves forward by the gap (as
    /// Outlook shows it), an ambiguous one takes its first (daylight) meaning.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (local.Year <= 1 || local.Year >= 9999)
            return DateTime.SpecifyKind(local, DateTimeKind.Utc);
        if (zone.IsInvalidTime(local))
        {
            // The offset in force just before the gap: 02:30 on a spring-forward night is 03:30 daylight time.
            var before = zone.GetUtcOffset(local.AddHours(-6));
            return DateTime.SpecifyKind(local - before, DateTimeKind.Utc);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var first = offsets.Max();
            return DateTime.SpecifyKind(local - first, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The local time in <paramref name="zone"/> of a UTC instant.</summary>
    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        // At the ends of the calendar (a phone's "no end" of 9999-12-31) the offset would overflow: those stay as they are.
        if (utc.Year <= 1 || utc.Year >= 9999)
            return DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone), DateTimeKind.Unspecified);
    }

    /// <summary>The IANA zone of that name known to this system, or false.</summary>
    public static bool TryFindIana(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (!Settings.MailSettings.IsIanaTimeZone(id))
            return false;
        zone = TimeZoneInfo.FindSystemTimeZoneById(id!);
        return true;
    }

    private static byte[]? FromStruct(PropertyBag bag)
    {
        if (bag.GetBinary(NamedProps.TimeZoneStruct) is not { Length: >= TzStructLength } tz)
            return null;
        var blob = new byte[BlobLength];
        var b = blob.AsSpan();
        var t = tz.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(b, BinaryPrimitives.ReadInt32LittleEndian(t));
        BinaryPrimitives.WriteInt32LittleEndian(b[84..], BinaryPrimitives.ReadInt32LittleEndian(t[4..]));
        BinaryPrimitives.WriteInt32LittleEndian(b[168..], BinaryPrimitives.ReadInt32LittleEndian(t[8..]));
        t.Slice(14, 16).CopyTo(b[68..]);
        t.Slice(32, 16).CopyTo(b[152..]);
        if (bag.GetString(NamedProps.TimeZoneDescription) is { } description)
            WriteName(b.Slice(4, NameBytes), description);
        return blob;
    }

    /// The zone a blob describes: its bias, and when both transition dates are given, a yearly daylight rule
    /// (MS-ASDTYPE 2.7.6: wYear 0 means "wDay-th wDayOfWeek of wMonth", 5 = the last).
    private static TimeZoneInfo? FromBlob(byte[] blob)
    {
        var s = blob.AsSpan();
        var bias = BinaryPrimitives.ReadInt32LittleEndian(s);
        var standardBias = BinaryPrimitives.ReadInt32LittleEndian(s[84..]);
        var daylightBias = BinaryPrimitives.ReadInt32LittleEndian(s[168..]);
        if (Math.Abs(bias) > 14 * 60 || Math.Abs(standardBias) > 120 || Math.Abs(daylightBias) > 120)
            return null;
        var offset = TimeSpan.FromMinutes(-(bias + standardBias));
        var id = "Bourse/Blob" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(blob))[..16];
        try
        {
            var toStandard = ReadTransition(s.Slice(68, 16));
            var toDaylight = ReadTransition(s.Slice(152, 16));
            if (toStandard is null || toDaylight is null || daylightBias == standardBias)
                return TimeZoneInfo.CreateCustomTimeZone(id, offset, id, id);
            var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date,
                TimeSpan.FromMinutes(standardBias - daylightBias), toDaylight.Value, toStandard.Value);
            return TimeZoneInfo.CreateCustomTimeZone(id, offset, id, id, id, [rule]);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static TimeZoneInfo.TransitionTime? ReadTransition(ReadOnlySpan<byte> st)
    {
        var year = BinaryPrimitives.ReadUInt16LittleEndian(st);
        var month = BinaryPrimitives.ReadUInt16LittleEndian(st[2..]);
        var dayOfWeek = BinaryPrimitives.ReadUInt16LittleEndian(st[4..]);
        var day = BinaryPrimitives.ReadUInt16LittleEndian(st[6..]);
        var hour = BinaryPrimitives.ReadUInt16LittleEndian(st[8..]);
        var minute = BinaryPrimitives.ReadUInt16LittleEndian(st[10..]);
        if (month is < 1 or > 12 || hour > 23 || minute > 59)
            return null;
        var time = new DateTime(1, 1, 1, hour, minute, 0);
        if (year != 0)
            return day is >= 1 and <= 31 ? TimeZoneInfo.TransitionTime.CreateFixedDateRule(time, month, day) : null;
        return day is >= 1 and <= 5 && dayOfWeek <= 6 ? TimeZoneInfo.TransitionTime.CreateFloatingDateRule(time, month, day, (DayOfWeek)dayOfWeek) : null;
    }

    /// The standard and daylight offsets of the zone in the year and the local wall-clock moments of its two changes.
    private static (TimeSpan Standard, TimeSpan Daylight, DateTime? ToDaylight, DateTime? ToStandard) TransitionsOf(TimeZoneInfo zone, int year)
    {
        year = Math.Clamp(year, 1971, 9998);
        var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        DateTime? toDaylight = null, toStandard = null;
        TimeSpan standard = zone.BaseUtcOffset, daylight = zone.BaseUtcOffset;
        var previous = zone.GetUtcOffset(start);
        var previousDst = zone.IsDaylightSavingTime(start);
        // Day by day, then hour by hour inside the day that changes offset: a year costs some 400 offset lookups.
        for (var day = start; day.Year == year; day = day.AddDays(1))
        {
            var next = day.AddDays(1);
            var offset = zone.GetUtcOffset(next);
            var dst = zone.IsDaylightSavingTime(next);
            if (offset != previous || dst != previousDst)
            {
                for (var t = day; t < next; t = t.AddMinutes(15))
                {
                    var o = zone.GetUtcOffset(t.AddMinutes(15));
                    if (o == previous)
                        continue;
                    var instant = t.AddMinutes(15);
                    // The wall-clock time the change happens at, in the time that was in force before it.
                    var wall = DateTime.SpecifyKind(instant + previous, DateTimeKind.Unspecified);
                    if (o > previous)
                    {
                        toDaylight = wall;
                        daylight = o;
                        standard = previous;
                    }
                    else
                    {
                        toStandard = wall;
                        daylight = previous;
                        standard = o;
                    }

                    break;
                }
            }

            previous = offset;
            previousDst = dst;
        }

        if (toDaylight is null || toStandard is null)
            return (zone.GetUtcOffset(new DateTime(year, 12, 31, 12, 0, 0, DateTimeKind.Utc)), TimeSpan.Zero, null, null);
        return (standard, daylight, toDaylight, toStandard);
    }

    /// SYSTEMTIME in the "day-of-month" form (wYear 0): month, weekday, the week of the month it falls in (5 = last).
    private static void WriteSystemTime(Span<byte> st, DateTime wall)
    {
        var week = (wall.Day - 1) / 7 + 1;
        if (wall.Day + 7 > DateTime.DaysInMonth(wall.Year, wall.Month))
            week = 5;
        BinaryPrimitives.WriteUInt16LittleEndian(st, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(st[2..], (ushort)wall.Month);
        BinaryPrimitives.WriteUInt16LittleEndian(st[4..], (ushort)wall.DayOfWeek);
        BinaryPrimitives.WriteUInt16LittleEndian(st[6..], (ushort)week);
        BinaryPrimitives.WriteUInt16LittleEndian(st[8..], (ushort)wall.Hour);
        BinaryPrimitives.WriteUInt16LittleEndian(st[10..], (ushort)wall.Minute);
        BinaryPrimitives.WriteUInt16LittleEndian(st[12..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(st[14..], 0);
    }

    private static void WriteName(Span<byte> target, string name)
    {
        target.Clear();
        var bytes = Encoding.Unicode.GetBytes(name);
        bytes.AsSpan(0, Math.Min(bytes.Length, NameBytes - 2)).CopyTo(target);
    }

    private static string Name(ReadOnlySpan<byte> utf16)
    {
        var text = Encoding.Unicode.GetString(utf16);
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return (nul < 0 ? text : text[..nul]).Trim();
    }

    /// Two blobs describe the same rules when bias, biases and transition dates agree (names aside).
    private static bool RulesEqual(byte[] a, byte[] b) =>
        a.AsSpan(0, 4).SequenceEqual(b.AsSpan(0, 4)) && a.AsSpan(68, 20).SequenceEqual(b.AsSpan(68, 20))
        && a.AsSpan(152, 20).SequenceEqual(b.AsSpan(152, 20));

    /// Zones preferred when several share one set of rules (the ones most users of that offset pick).
    private static readonly List<string> Preferred =
    [
        "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
        "Pacific/Honolulu", "America/Sao_Paulo", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Athens", "Europe/Moscow",
        "Asia/Dubai", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    private static readonly Lazy<TimeZoneInfo[]> SystemZones = new(() =>
    [
        .. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId && z.Id.Contains('/', StringComparison.Ordinal) && !z.Id.StartsWith("Etc/", StringComparison.Ordinal))
            .OrderBy(z => Preferred.IndexOf(z.Id) is var i && i < 0 ? int.MaxValue : i).ThenBy(z => z.Id, StringComparer.Ordinal),
    ]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Rules, int Year), string?> Matches = new();

    private static string? Match(byte[] blob, int year)
    {
        var key = (Convert.ToHexString(blob.AsSpan(0, 4)) + Convert.ToHexString(blob.AsSpan(68, 20)) + Convert.ToHexString(blob.AsSpan(152, 20)), year);
        if (Matches.Count > 4096)
            Matches.Clear();
        return Matches.GetOrAdd(key, static (_, state) =>
        {
            foreach (var zone in SystemZones.Value)
            {
                if (RulesEqual(ToBlob(zone, state.year), state.blob))
                    return zone.Id;
            }

            return null;
        }, (blob, year));
    }
}
