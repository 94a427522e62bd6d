using System.Collections.Immutable;

namespace Bourse.Core.Properties;

/// <summary>
/// A typed MAPI property value. The CLR representation is fixed per type:
/// Short=short, Long=int, I8=long, Boolean=bool, Double=double, SysTime=DateTime (UTC), Unicode=string,
/// Binary=byte[], Clsid=Guid; multi-valued forms are arrays of those.
/// </summary>
public sealed class PropertyValue : IEquatable<PropertyValue>
{
    private readonly object _value;

    private PropertyValue(PropertyType type, object value)
    {
        Type = type;
        _value = value;
    }

    public PropertyType Type { get; }

    /// <summary>The CLR value (a Unicode value made by <see cref="Utf8"/> is decoded on first use, once).</summary>
    public object Value => _value is Utf8Text text ? text.String : _value;

    /// <summary>
    /// A Unicode value kept as the UTF-8 bytes it was read from (typically a range of a message's MIME), decoded to a string
    /// only when something asks for it: the store can keep such a body as a reference into the MIME without the string ever
    /// existing. The bytes must stay unchanged for the life of the value; invalid UTF-8 is refused.
    /// </summary>
    public static PropertyValue Utf8(ReadOnlyMemory<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
            throw new ArgumentException("The bytes are not valid UTF-8.", nameof(utf8));
        return new(PropertyType.Unicode, new Utf8Text(utf8));
    }

    /// <summary>The UTF-8 bytes of a value made by <see cref="Utf8"/> (whether or not it has been decoded yet).</summary>
    public bool TryGetUtf8(out ReadOnlyMemory<byte> utf8)
    {
        if (_value is Utf8Text text)
        {
            utf8 = text.Bytes;
            return true;
        }
        utf8 = default;
        return false;
    }

    private sealed class Utf8Text(ReadOnlyMemory<byte> bytes)
    {
        private string? _string;

        public ReadOnlyMemory<byte> Bytes { get; } = bytes;

        // Two threads may both decode; they produce equal strings and either may be kept.
        public string String => _string ??= System.Text.Encoding.UTF8.GetString(Bytes.Span);
    }

    public static PropertyValue Short(short v) => new(PropertyType.Short, v);
    public static PropertyValue Long(int v) => new(PropertyType.Long, v);
    public static PropertyValue I8(long v) => new(PropertyType.I8, v);
    public static PropertyValue Boolean(bool v) => new(PropertyType.Boolean, v);
    public static PropertyValue Double(double v) => new(PropertyType.Double, v);
    public static PropertyValue SysTime(DateTime v) => new(PropertyType.SysTime, ToUtc(v));
    public static PropertyValue SysTime(DateTimeOffset v) => new(PropertyType.SysTime, v.UtcDateTime);
    public static PropertyValue Unicode(string v) => new(PropertyType.Unicode, v ?? throw new ArgumentNullException(nameof(v)));
    public static PropertyValue Binary(byte[] v) => new(PropertyType.Binary, v ?? throw new ArgumentNullException(nameof(v)));
    public static PropertyValue Clsid(Guid v) => new(PropertyType.Clsid, v);
    public static PropertyValue MultipleShort(params short[] v) => new(PropertyType.MultipleShort, v);
    public static PropertyValue MultipleLong(params int[] v) => new(PropertyType.MultipleLong, v);
    public static PropertyValue MultipleI8(params long[] v) => new(PropertyType.MultipleI8, v);
    public static PropertyValue MultipleDouble(params double[] v) => new(PropertyType.MultipleDouble, v);
    public static PropertyValue MultipleSysTime(params DateTime[] v) => new(PropertyType.MultipleSysTime, v.Select(ToUtc).ToArray());
    public static PropertyValue MultipleUnicode(params string[] v) => new(PropertyType.MultipleUnicode, v);
    public static PropertyValue MultipleBinary(params byte[][] v) => new(PropertyType.MultipleBinary, v);
    public static PropertyValue MultipleClsid(params Guid[] v) => new(PropertyType.MultipleClsid, v);

    /// <summary>Creates a value from its CLR representation, checking that it matches <paramref name="type"/>.</summary>
    public static PropertyValue Create(PropertyType type, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var ok = type switch
        {
            PropertyType.Short => value is short,
            PropertyType.Long => value is int,
            PropertyType.I8 => value is long,
            PropertyType.Boolean => value is bool,
            PropertyType.Double => value is double,
            PropertyType.SysTime => value is DateTime,
            PropertyType.Unicode => value is string,
            PropertyType.Binary => value is byte[],
            PropertyType.Clsid => value is Guid,
            PropertyType.MultipleShort => value is short[],
            PropertyType.MultipleLong => value is int[],
            PropertyType.MultipleI8 => value is long[],
            PropertyType.MultipleDouble => value is double[],
            PropertyType.MultipleSysTime => value is DateTime[],
            PropertyType.MultipleUnicode => value is string[],
            PropertyType.MultipleBinary => value is byte[][],
            PropertyType.MultipleClsid => value is Guid[],
            _ => throw new ArgumentException($"Property type {type} is not supported.", nameof(type)),
        };
        if (!ok)
            throw new ArgumentException($"A {value.GetType().Name} is not a valid {type} value.", nameof(value));
        return type == PropertyType.SysTime ? new PropertyValue(type, ToUtc((DateTime)value)) : new PropertyValue(type, value);
    }

    public short AsShort() => (short)Value;
    public int AsLong() => (int)Value;
    public long AsI8() => (long)Value;
    public bool AsBoolean() => (bool)Value;
    public double AsDouble() => (double)Value;
    public DateTime AsSysTime() => (DateTime)Value;
    public string AsString() => (string)Value;
    public byte[] AsBinary() => (byte[])Value;
    public Guid AsClsid() => (Guid)Value;

    private static DateTime ToUtc(DateTime v) => v.Kind switch
    {
        DateTimeKind.Utc => v,
        DateTimeKind.Local => v.ToUniversalTime(),
        _ => DateTime.SpecifyKind(v, DateTimeKind.Utc),
    };

    public bool Equals(PropertyValue? other)
    {
        if (other is null || other.Type != Type)
            return false;
        return (Value, other.Value) switch
        {
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (byte[][] a, byte[][] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second)),
            (Array a, Array b) => a.Length == b.Length && a.Cast<object>().SequenceEqual(b.Cast<object>()),
            var (a, b) => a.Equals(b),
        };
    }

    public override bool Equals(object? obj) => Equals(obj as PropertyValue);

    public override int GetHashCode() => Value switch
    {
        byte[] b => HashCode.Combine(Type, b.Length, b.Length > 0 ? b[0] : 0),
        Array a => HashCode.Combine(Type, a.Length),
        var v => HashCode.Combine(Type, v),
    };

    public override string ToString() => Value switch
    {
        byte[] b => Convert.ToHexString(b),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        Array a => "[" + string.Join(", ", a.Cast<object>()) + "]",
        var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    internal static ImmutableArray<PropertyType> SupportedTypes { get; } =
    [
        PropertyType.Short, PropertyType.Long, PropertyType.I8, PropertyType.Boolean, PropertyType.Double,
        PropertyType.SysTime, PropertyType.Unicode, PropertyType.Binary, PropertyType.Clsid,
        PropertyType.MultipleShort, PropertyType.MultipleLong, PropertyType.MultipleI8, PropertyType.MultipleDouble,
        PropertyType.MultipleSysTime, PropertyType.MultipleUnicode, PropertyType.MultipleBinary, PropertyType.MultipleClsid,
    ];
}
