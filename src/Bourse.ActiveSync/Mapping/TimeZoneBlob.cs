using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;

namespace Bourse.ActiveSync.Mapping;

/// The ActiveSync Timezone value (MS-ASDTYPE 2.7.6): a base64 TIME_ZONE_INFORMATION of 172 bytes, kept with its MAPI form
/// (PidLidTimeZoneStruct, PidLidTimeZoneDescription) by the calendar code every protocol shares (<see cref="CalendarTimeZone"/>).
internal static class TimeZoneBlob
{
    internal const int Length = CalendarTimeZone.BlobLength;

    /// UTC: zero bias, no daylight saving.
    internal static byte[] Utc => new byte[Length];

    /// Stores the device's blob byte-exact and derives the MAPI properties from it.
    internal static void Write(byte[] blob, PropertyChanges changes) => CalendarTimeZone.Write(blob, changes);

    internal static void Remove(PropertyChanges changes)
    {
        changes.Without(NamedProps.TimeZoneInformation);
        changes.Without(NamedProps.TimeZoneStruct);
        changes.Without(NamedProps.TimeZoneDescription);
    }

    /// The blob for an item: the one a device sent, else one rebuilt from PidLidTimeZoneStruct, else UTC.
    internal static byte[] Read(PropertyBag bag) => CalendarTimeZone.StoredBlob(bag) ?? Utc;
}
