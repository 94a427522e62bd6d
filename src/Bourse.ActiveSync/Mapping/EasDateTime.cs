using System.Globalization;

namespace Bourse.ActiveSync.Mapping;

/// ActiveSync date/time text (MS-ASDTYPE 2.3 dateTime and 2.7.2 Compact DateTime), always UTC.
internal static class EasDateTime
{
    // MS-ASDTYPE 2.3: "YYYY-MM-DDTHH:MM:SS.MSSZ" (Email, Contacts, Tasks, Notes).
    private const string LongFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // MS-ASDTYPE 2.7.2: "YYYYMMDDTHHMMSSZ" (Calendar).
    private const string CompactFormat = "yyyyMMdd'T'HHmmss'Z'";

    // FILETIME cannot hold dates before 1601 (MS-DTYP 2.3.3); we also refuse dates past 4500 (MS-OXOCAL's end of time).
    private static readonly DateTime MinDate = new(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MaxDate = new(4501, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // What devices send: both documented forms, with or without milliseconds and the zone designator.
    private static readonly string[] ParseFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyyMMdd'T'HHmmss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyyMMdd'T'HHmmss", "yyyy-MM-dd",
    ];

    internal static string FormatLong(DateTime utc) => ToUtc(utc).ToString(LongFormat, CultureInfo.InvariantCulture);

    internal static string FormatCompact(DateTime utc) => ToUtc(utc).ToString(CompactFormat, CultureInfo.InvariantCulture);

    /// Parses either form; a value without a zone designator is taken as UTC (as Exchange does).
    internal static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40)
        {
            return false;
        }

        if (!DateTime.TryParseExact(text.Trim(), ParseFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        if (parsed < MinDate || parsed >= MaxDate)
        {
            return false;
        }

        utc = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        return true;
    }

    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
