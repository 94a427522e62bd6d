using System.Buffers.Binary;
using System.Text;

namespace Bourse.Core.Properties;

/// <summary>
/// Compact binary form of a <see cref="PropertyBag"/> for storage. Layout (little-endian):
/// version byte, entry count (int32), then per entry: key kind (0 tag, 1 named by id, 2 named by string),
/// key (uint16 id | guid + uint32 | guid + string), type (uint16), value.
/// Strings are an int32 byte length and UTF-8; binaries an int32 length and bytes; arrays an int32 count and elements.
/// </summary>
public static class PropertyBagSerializer
{
    private const byte Version = 1;

    public static byte[] Serialize(PropertyBag bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        using var ms = new MemoryStream(64 + bag.Count * 24);
        using var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true);
        w.Write(Version);
        w.Write(bag.Count);
        foreach (var (key, value) in bag)
        {
            if (key.Named is { } named)
            {
                w.Write(named.IsNumeric ? (byte)1 : (byte)2);
                w.Write(named.PropertySet.ToByteArray());
                if (named.IsNumeric)
                    w.Write(named.Id!.Value);
                else
                    WriteString(w, named.Name!);
            }
            else
            {
                w.Write((byte)0);
                w.Write(key.TagId);
            }
            w.Write((ushort)key.Type);
            WriteValue(w, value);
        }
        w.Flush();
        return ms.ToArray();
    }

    /// <summary>The length <see cref="Serialize"/> would produce for <paramref name="bag"/>, computed without allocating it.</summary>
    public static long GetSerializedLength(PropertyBag bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        long n = 1 + 4;
        foreach (var (key, value) in bag)
        {
            n += 1 + 2; // kind + type
            n += key.Named is { } named ? 16 + (named.IsNumeric ? 4 : StringLength(named.Name!)) : 2;
            n += value.TryGetUtf8(out var utf8) ? 4 + utf8.Length : ValueLength(value.Value);
        }
        return n;
    }

    private static long StringLength(string s) => 4 + Encoding.UTF8.GetByteCount(s);

    private static long ValueLength(object value) => value switch
    {
        short => 2,
        int => 4,
        long => 8,
        bool => 1,
        double => 8,
        DateTime => 8,
        string s => StringLength(s),
        byte[] b => 4 + b.Length,
        Guid => 16,
        short[] a => 4 + 2L * a.Length,
        int[] a => 4 + 4L * a.Length,
        long[] a => 4 + 8L * a.Length,
        double[] a => 4 + 8L * a.Length,
        DateTime[] a => 4 + 8L * a.Length,
        string[] a => 4 + a.Sum(StringLength),
        byte[][] a => 4 + a.Sum(x => 4L + x.Length),
        Guid[] a => 4 + 16L * a.Length,
        _ => throw new InvalidOperationException($"Cannot serialize {value.GetType().Name}."),
    };

    /// <summary>
    /// Returns <paramref name="serialized"/> (from <see cref="Serialize"/>) with the entries of <paramref name="extra"/>
    /// added, without re-encoding the existing entries. The caller guarantees that no key of <paramref name="extra"/> is
    /// already present (a duplicate would be rejected on read).
    /// </summary>
    public static byte[] Append(byte[] serialized, PropertyBag extra)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        ArgumentNullException.ThrowIfNull(extra);
        if (serialized.Length < 5 || serialized[0] != Version)
            throw new FormatException("Not a serialized property bag.");
        var tail = Serialize(extra);
        var result = new byte[serialized.Length + tail.Length - 5];
        serialized.CopyTo(result, 0);
        tail.AsSpan(5).CopyTo(result.AsSpan(serialized.Length));
        var count = BinaryPrimitives.ReadInt32LittleEndian(serialized.AsSpan(1)) + extra.Count;
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(1), count);
        return result;
    }

    /// <summary>Reads a bag written by <see cref="Serialize"/>. Throws <see cref="FormatException"/> on damaged input.</summary>
    public static PropertyBag Deserialize(ReadOnlySpan<byte> data)
    {
        var bag = new PropertyBag();
        if (data.IsEmpty)
            return bag;
        try
        {
            var r = new SpanReader(data);
            if (r.Byte() != Version)
                throw new FormatException("Unknown property bag version.");
            var count = r.Int32();
            if (count < 0)
                throw new FormatException("Negative property count.");
            for (var i = 0; i < count; i++)
            {
                var kind = r.Byte();
                PropertyKey key;
                switch (kind)
                {
                    case 0:
                        {
                            var id = r.UInt16();
                            key = PropertyKey.FromTag(new PropertyTag(id, (PropertyType)r.UInt16()));
                            break;
                        }
                    case 1:
                        {
                            var set = r.Guid();
                            var lid = r.UInt32();
                            key = PropertyKey.FromName(NamedProperty.ById(set, lid), (PropertyType)r.UInt16());
                            break;
                        }
                    case 2:
                        {
                            var set = r.Guid();
                            var name = r.String();
                            key = PropertyKey.FromName(NamedProperty.ByName(set, name), (PropertyType)r.UInt16());
                            break;
                        }
                    default:
                        throw new FormatException($"Unknown key kind {kind}.");
                }
                if (bag.Contains(key))
                    throw new FormatException($"Property {key} appears twice.");
                bag.Set(key, ReadValue(ref r, key.Type));
            }
            return bag;
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidCastException)
        {
            throw new FormatException("Damaged property bag.", e);
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static void WriteValue(BinaryWriter w, PropertyValue v)
    {
        if (v.TryGetUtf8(out var utf8))
        {
            w.Write(utf8.Length);
            w.Write(utf8.Span);
            return;
        }
        switch (v.Value)
        {
            case short s: w.Write(s); break;
            case int i: w.Write(i); break;
            case long l: w.Write(l); break;
            case bool b: w.Write(b); break;
            case double d: w.Write(d); break;
            case DateTime t: w.Write(t.ToFileTimeUtc()); break;
            case string s: WriteString(w, s); break;
            case byte[] b: w.Write(b.Length); w.Write(b); break;
            case Guid g: w.Write(g.ToByteArray()); break;
            case short[] a: w.Write(a.Length); foreach (var x in a) w.Write(x); break;
            case int[] a: w.Write(a.Length); foreach (var x in a) w.Write(x); break;
            case long[] a: w.Write(a.Length); foreach (var x in a) w.Write(x); break;
            case double[] a: w.Write(a.Length); foreach (var x in a) w.Write(x); break;
            case DateTime[] a: w.Write(a.Length); foreach (var x in a) w.Write(x.ToFileTimeUtc()); break;
            case string[] a: w.Write(a.Length); foreach (var x in a) WriteString(w, x); break;
            case byte[][] a: w.Write(a.Length); foreach (var x in a) { w.Write(x.Length); w.Write(x); } break;
            case Guid[] a: w.Write(a.Length); foreach (var x in a) w.Write(x.ToByteArray()); break;
            default: throw new InvalidOperationException($"Cannot serialize {v.Type}.");
        }
    }

    private static PropertyValue ReadValue(ref SpanReader r, PropertyType type)
    {
        switch (type)
        {
            case PropertyType.Short: return PropertyValue.Short(r.Int16());
            case PropertyType.Long: return PropertyValue.Long(r.Int32());
            case PropertyType.I8: return PropertyValue.I8(r.Int64());
            case PropertyType.Boolean: return PropertyValue.Boolean(r.Byte() != 0);
            case PropertyType.Double: return PropertyValue.Double(r.Double());
            case PropertyType.SysTime: return PropertyValue.SysTime(FileTime(r.Int64()));
            case PropertyType.Unicode: return PropertyValue.Unicode(r.String());
            case PropertyType.Binary: return PropertyValue.Binary(r.Bytes(r.Count()).ToArray());
            case PropertyType.Clsid: return PropertyValue.Clsid(r.Guid());
        }
        var n = r.Count();
        switch (type)
        {
            case PropertyType.MultipleShort: { var a = new short[n]; for (var i = 0; i < n; i++) a[i] = r.Int16(); return PropertyValue.MultipleShort(a); }
            case PropertyType.MultipleLong: { var a = new int[n]; for (var i = 0; i < n; i++) a[i] = r.Int32(); return PropertyValue.MultipleLong(a); }
            case PropertyType.MultipleI8: { var a = new long[n]; for (var i = 0; i < n; i++) a[i] = r.Int64(); return PropertyValue.MultipleI8(a); }
            case PropertyType.MultipleDouble: { var a = new double[n]; for (var i = 0; i < n; i++) a[i] = r.Double(); return PropertyValue.MultipleDouble(a); }
            case PropertyType.MultipleSysTime: { var a = new DateTime[n]; for (var i = 0; i < n; i++) a[i] = FileTime(r.Int64()); return PropertyValue.MultipleSysTime(a); }
            case PropertyType.MultipleUnicode: { var a = new string[n]; for (var i = 0; i < n; i++) a[i] = r.String(); return PropertyValue.MultipleUnicode(a); }
            case PropertyType.MultipleBinary: { var a = new byte[n][]; for (var i = 0; i < n; i++) a[i] = r.Bytes(r.Count()).ToArray(); return PropertyValue.MultipleBinary(a); }
            case PropertyType.MultipleClsid: { var a = new Guid[n]; for (var i = 0; i < n; i++) a[i] = r.Guid(); return PropertyValue.MultipleClsid(a); }
            default: throw new FormatException($"Unsupported property type 0x{(ushort)type:X4}.");
        }
    }

    private static DateTime FileTime(long ft) =>
        ft <= 0 ? DateTime.SpecifyKind(DateTime.FromFileTimeUtc(0), DateTimeKind.Utc)
        : ft >= DateTime.MaxValue.ToFileTimeUtc() ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)
        : DateTime.FromFileTimeUtc(ft);

    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public ReadOnlySpan<byte> Bytes(int n)
        {
            if (n < 0 || n > _data.Length)
                throw new FormatException("Property bag is truncated.");
            var s = _data[..n];
            _data = _data[n..];
            return s;
        }

        public byte Byte() => Bytes(1)[0];
        public short Int16() => BinaryPrimitives.ReadInt16LittleEndian(Bytes(2));
        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));
        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));
        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));
        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));
        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8));
        public Guid Guid() => new(Bytes(16));
        public string String() => Encoding.UTF8.GetString(Bytes(Count()));

        /// <summary>A length or element count; bounded by the remaining input so damaged data cannot allocate huge arrays.</summary>
        public int Count()
        {
            var n = Int32();
            if (n < 0 || n > _data.Length)
                throw new FormatException("Property bag length is out of range.");
            return n;
        }
    }
}
