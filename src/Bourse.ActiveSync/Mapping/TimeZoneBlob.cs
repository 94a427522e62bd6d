using System.Buffers.Binary;
using System.Text;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// The ActiveSync Timezone value (MS-ASDTYPE 2.7.6): a base64 TIME_ZONE_INFORMATION of 172 bytes — Bias, StandardName
/// (32 WCHAR), StandardDate (SYSTEMTIME), StandardBias, DaylightName, DaylightDate, DaylightBias — and its MAPI form
/// PidLidTimeZoneStruct (MS-OXOCAL 2.2.1.39: lBias, lStandardBias, lDaylightBias, wStandardYear, stStandardDate,
/// wDaylightYear, stDaylightDate; 48 bytes) with PidLidTimeZoneDescription.
internal static class TimeZoneBlob
{
    internal const int Length = 172;
    private const int TzStructLength = 48;
    private const int NameBytes = 64;

    /// UTC: zero bias, no daylight saving.
    internal static byte[] Utc => new byte[Length];

    /// Stores the device's blob byte-exact and derives the MAPI properties from it.
    internal static void Write(byte[] blob, PropertyChanges changes)
    {
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
        {
            changes.With(NamedProps.TimeZoneDescription, PropertyValue.Unicode(name));
        }
        else
        {
            changes.Without(NamedProps.TimeZoneDescription);
        }
    }

    internal static void Remove(PropertyChanges changes)
    {
        changes.Without(NamedProps.TimeZoneInformation);
        changes.Without(NamedProps.TimeZoneStruct);
        changes.Without(NamedProps.TimeZoneDescription);
    }

    /// The blob for an item: the one a device sent, else one rebuilt from PidLidTimeZoneStruct, else UTC.
    internal static byte[] Read(PropertyBag bag)
    {
        if (bag.GetBinary(NamedProps.TimeZoneInformation) is { Length: Length } raw)
        {
            return raw;
        }

        var blob = new byte[Length];
        if (bag.GetBinary(NamedProps.TimeZoneStruct) is { Length: >= TzStructLength } tz)
        {
            var b = blob.AsSpan();
            var t = tz.AsSpan();
            BinaryPrimitives.WriteInt32LittleEndian(b, BinaryPrimitives.ReadInt32LittleEndian(t));
            BinaryPrimitives.WriteInt32LittleEndian(b[84..], BinaryPrimitives.ReadInt32LittleEndian(t[4..]));
            BinaryPrimitives.WriteInt32LittleEndian(b[168..], BinaryPrimitives.ReadInt32LittleEndian(t[8..]));
            t.Slice(14, 16).CopyTo(b[68..]);
            t.Slice(32, 16).CopyTo(b[152..]);
            if (bag.GetString(NamedProps.TimeZoneDescription) is { } description)
            {
                var bytes = Encoding.Unicode.GetBytes(description);
                bytes.AsSpan(0, Math.Min(bytes.Length, NameBytes - 2)).CopyTo(b.Slice(4, NameBytes));
            }
        }

        return blob;
    }

    private static string Name(ReadOnlySpan<byte> utf16)
    {
        var text = Encoding.Unicode.GetString(utf16);
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return (nul < 0 ? text : text[..nul]).Trim();
    }
}
