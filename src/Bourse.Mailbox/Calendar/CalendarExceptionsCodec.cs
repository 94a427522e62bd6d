using System.Buffers.Binary;
using Bourse.Core.Properties;

namespace Bourse.Mailbox.Calendar;

/// <summary>
/// The exceptions of a recurring item as kept in NamedProps.RecurrenceExceptions: a version byte, an int32 count, then
/// per exception an int32 length and a PropertyBagSerializer bag. Bourse does not write PidLidAppointmentRecur (see
/// NamedProps); a bag holds the exception's original start, whether it was deleted, and only the fields that differ.
/// Shared by every protocol that reads or writes calendar items (ActiveSync, Outlook on the web).
/// </summary>
public static class CalendarExceptionsCodec
{
    private const byte Version = 1;

    /// <summary>The stored form of <paramref name="exceptions"/>.</summary>
    public static byte[] Serialize(IReadOnlyList<PropertyBag> exceptions)
    {
        var parts = exceptions.Select(PropertyBagSerializer.Serialize).ToList();
        var result = new byte[1 + 4 + parts.Sum(p => 4 + p.Length)];
        result[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(1), parts.Count);
        var at = 5;
        foreach (var p in parts)
        {
            BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(at), p.Length);
            p.CopyTo(result, at + 4);
            at += 4 + p.Length;
        }

        return result;
    }

    /// <summary>The exceptions of an item; empty when there are none or the stored value is damaged.</summary>
    public static List<PropertyBag> Read(PropertyBag bag)
    {
        var result = new List<PropertyBag>();
        if (bag.GetBinary(NamedProps.RecurrenceExceptions) is not { Length: >= 5 } data || data[0] != Version)
        {
            return result;
        }

        try
        {
            var count = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(1));
            var at = 5;
            for (var i = 0; i < count && at + 4 <= data.Length; i++)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at));
                if (length < 0 || length > data.Length - at - 4)
                {
                    break;
                }

                result.Add(PropertyBagSerializer.Deserialize(data.AsSpan(at + 4, length)));
                at += 4 + length;
            }
        }
        catch (FormatException)
        {
            // A damaged list shows as no exceptions rather than failing the whole item.
        }

        return result;
    }
}
