using Bourse.Core.Properties;

namespace Bourse.Core.Tests.Properties;

public sealed class PropertyBagSerializerTests
{
    private static readonly NamedProperty ByLid = NamedProperty.ById(PropertySets.Appointment, 0x820D);
    private static readonly NamedProperty ByName = NamedProperty.ByName(PropertySets.PublicStrings, "Keywords");

    public static TheoryData<PropertyType, object> EveryType() => new()
    {
        { PropertyType.Short, (short)-12 },
        { PropertyType.Long, int.MinValue },
        { PropertyType.I8, long.MaxValue },
        { PropertyType.Boolean, true },
        { PropertyType.Double, 3.25 },
        { PropertyType.SysTime, new DateTime(2026, 11, 26, 8, 30, 15, 123, DateTimeKind.Utc) },
        { PropertyType.Unicode, "Grüße — 日本語 \U0001F600" },
        { PropertyType.Binary, new byte[] { 0, 1, 0xFE, 0xFF } },
        { PropertyType.Clsid, new Guid("00062008-0000-0000-C000-000000000046") },
        { PropertyType.MultipleShort, new short[] { 1, -2 } },
        { PropertyType.MultipleLong, new[] { 7, 8, 9 } },
        { PropertyType.MultipleI8, new[] { 1L << 40 } },
        { PropertyType.MultipleDouble, new[] { 0.5, -1e300 } },
        { PropertyType.MultipleSysTime, new[] { new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc) } },
        { PropertyType.MultipleUnicode, new[] { "Red", "Blue category", "" } },
        { PropertyType.MultipleBinary, new[] { new byte[] { 1 }, Array.Empty<byte>() } },
        { PropertyType.MultipleClsid, new[] { Guid.Empty, new Guid("6ED8DA90-450B-101B-98DA-00AA003F1305") } },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void RoundTripsEverySupportedTypeOnTagsAndNamedProperties(PropertyType type, object value)
    {
        var bag = new PropertyBag()
            .Set(new PropertyTag(0x6700, type), PropertyValue.Create(type, value))
            .Set(PropertyKey.FromName(ByLid, type), PropertyValue.Create(type, value))
            .Set(PropertyKey.FromName(ByName, type), PropertyValue.Create(type, value));

        var back = PropertyBagSerializer.Deserialize(PropertyBagSerializer.Serialize(bag));

        Assert.Equal(3, back.Count);
        foreach (var (key, v) in bag)
            Assert.Equal(v, back[key]);
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void SerializedLengthIsComputedExactlyWithoutSerializing(PropertyType type, object value)
    {
        var bag = new PropertyBag()
            .Set(new PropertyTag(0x6700, type), PropertyValue.Create(type, value))
            .Set(PropertyKey.FromName(ByLid, type), PropertyValue.Create(type, value))
            .Set(PropertyKey.FromName(ByName, type), PropertyValue.Create(type, value))
            .Set(PropTags.Subject, "Grüße");
        Assert.Equal(PropertyBagSerializer.Serialize(bag).LongLength, PropertyBagSerializer.GetSerializedLength(bag));
    }

    [Fact]
    public void EmptyInputIsAnEmptyBag() => Assert.Equal(0, PropertyBagSerializer.Deserialize([]).Count);

    [Fact]
    public void EveryTruncatedPrefixIsAFormatExceptionNotACrash()
    {
        var bytes = PropertyBagSerializer.Serialize(new PropertyBag()
            .Set(PropTags.Subject, "Quarterly report")
            .Set(PropTags.MessageDeliveryTime, DateTime.UtcNow)
            .Set(PropertyKey.FromName(ByName, PropertyType.MultipleUnicode), PropertyValue.MultipleUnicode("a", "b")));

        for (var n = 1; n < bytes.Length; n++)
            Assert.Throws<FormatException>(() => PropertyBagSerializer.Deserialize(bytes.AsSpan(0, n)));
    }

    [Fact]
    public void HugeDeclaredLengthsAreRejectedWithoutAllocating()
    {
        // version 1, count 1, tag key 0x0037, type Unicode, then a string length of int.MaxValue
        byte[] bytes = [1, 1, 0, 0, 0, 0, 0x37, 0x00, 0x1F, 0x00, 0xFF, 0xFF, 0xFF, 0x7F];
        Assert.Throws<FormatException>(() => PropertyBagSerializer.Deserialize(bytes));
    }

    [Fact]
    public void UnknownVersionAndKeyKindAreRejected()
    {
        Assert.Throws<FormatException>(() => PropertyBagSerializer.Deserialize([9, 0, 0, 0, 0]));
        Assert.Throws<FormatException>(() => PropertyBagSerializer.Deserialize([1, 1, 0, 0, 0, 7]));
    }

    [Fact]
    public void RandomGarbageNeverThrowsAnythingButFormatException()
    {
        var rng = new Random(1234);
        for (var i = 0; i < 5000; i++)
        {
            var buf = new byte[rng.Next(1, 64)];
            rng.NextBytes(buf);
            buf[0] = 1;
            try
            {
                PropertyBagSerializer.Deserialize(buf);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void AppendAddsEntriesWithoutReencodingTheRest()
    {
        var bag = new PropertyBag().Set(PropTags.Subject, "Budget").Set(PropTags.Body, new string('x', 5000));
        var extra = new PropertyBag().Set(PropTags.ChangeKey, new byte[22]).Set(PropTags.SourceKey, new byte[] { 1, 2 });

        var appended = PropertyBagSerializer.Append(PropertyBagSerializer.Serialize(bag), extra);
        var back = PropertyBagSerializer.Deserialize(appended);

        Assert.Equal(4, back.Count);
        Assert.Equal("Budget", back.GetString(PropTags.Subject));
        Assert.Equal(new byte[] { 1, 2 }, back.GetBinary(PropTags.SourceKey));
        Assert.Equal(PropertyBagSerializer.Serialize(bag).Length + PropertyBagSerializer.Serialize(extra).Length - 5, appended.Length);
    }

    [Fact]
    public void ADuplicatedEntryIsRejectedOnRead()
    {
        var bag = new PropertyBag().Set(PropTags.Subject, "once");
        var twice = PropertyBagSerializer.Append(PropertyBagSerializer.Serialize(bag), bag);
        Assert.Throws<FormatException>(() => PropertyBagSerializer.Deserialize(twice));
        Assert.Throws<FormatException>(() => PropertyBagSerializer.Append([9, 0, 0, 0, 0], bag));
    }
}
