using System.Buffers.Binary;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Storage.Sqlite;

/// <summary>The recipient table as one blob: int32 count, then per row an int32 length and a serialized property bag.</summary>
internal static class RecipientCodec
{
    public static byte[]? Serialize(IReadOnlyList<Recipient> recipients)
    {
        if (recipients.Count == 0)
            return null;
        var rows = recipients.Select(r => PropertyBagSerializer.Serialize(r.Properties)).ToList();
        var buffer = new byte[4 + rows.Sum(r => 4 + r.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, rows.Count);
        var at = 4;
        foreach (var row in rows)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(at), row.Length);
            row.CopyTo(buffer, at + 4);
            at += 4 + row.Length;
        }
        return buffer;
    }

    /// <summary>Reads the rows; a damaged blob yields the rows read before the damage.</summary>
    public static List<Recipient> Deserialize(ReadOnlySpan<byte> data)
    {
        var list = new List<Recipient>();
        if (data.Length < 4)
            return list;
        var count = BinaryPrimitives.ReadInt32LittleEndian(data);
        var at = 4;
        for (var i = 0; i < count && at + 4 <= data.Length; i++)
        {
            var len = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
            if (len < 0 || at + 4 + len > data.Length)
                break;
            try
            {
                list.Add(new Recipient(PropertyBagSerializer.Deserialize(data.Slice(at + 4, len))));
            }
            catch (FormatException)
            {
                break;
            }
            at += 4 + len;
        }
        return list;
    }
}
