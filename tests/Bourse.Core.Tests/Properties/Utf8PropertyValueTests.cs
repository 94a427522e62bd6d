using System.Text;
using Bourse.Core.Properties;

namespace Bourse.Core.Tests.Properties;

/// <summary>A Unicode value kept as the UTF-8 bytes it came from behaves in every way like the same text as a string.</summary>
public sealed class Utf8PropertyValueTests
{
    private const string Text = "Grüße — 日本語 \U0001F600\r\nzweite Zeile";

    [Fact]
    public void ReadsAsTheTextItsBytesEncode()
    {
        var bytes = Encoding.UTF8.GetBytes("xx" + Text + "yy");
        var value = PropertyValue.Utf8(bytes.AsMemory(2, bytes.Length - 4));

        Assert.Equal(PropertyType.Unicode, value.Type);
        Assert.Equal(Text, value.AsString());
        Assert.Equal(Text, new PropertyBag().Set(PropTags.Body, value).GetString(PropTags.Body));
        // Decoded once: every read gives the same string.
        Assert.Same(value.Value, value.Value);
        Assert.True(value.TryGetUtf8(out var kept));
        Assert.Equal(Encoding.UTF8.GetBytes(Text), kept.ToArray());
        Assert.False(PropertyValue.Unicode(Text).TryGetUtf8(out _));
    }

    [Fact]
    public void EqualsTheSameTextAsAString()
    {
        var value = PropertyValue.Utf8(Encoding.UTF8.GetBytes(Text));
        Assert.Equal(PropertyValue.Unicode(Text), value);
        Assert.Equal(value, PropertyValue.Unicode(Text));
        Assert.Equal(PropertyValue.Unicode(Text).GetHashCode(), value.GetHashCode());
        Assert.NotEqual(PropertyValue.Unicode(Text + "!"), value);
    }

    [Fact]
    public void SerializesToTheSameBytesAsTheString()
    {
        var asString = new PropertyBag().Set(PropTags.Body, PropertyValue.Unicode(Text)).Set(PropTags.Subject, "s");
        var asBytes = new PropertyBag().Set(PropTags.Body, PropertyValue.Utf8(Encoding.UTF8.GetBytes(Text))).Set(PropTags.Subject, "s");

        var serialized = PropertyBagSerializer.Serialize(asBytes);
        Assert.Equal(PropertyBagSerializer.Serialize(asString), serialized);
        Assert.Equal(PropertyBagSerializer.GetSerializedLength(asString), PropertyBagSerializer.GetSerializedLength(asBytes));
        Assert.Equal(Text, PropertyBagSerializer.Deserialize(serialized).GetString(PropTags.Body));
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PropertyValue.Utf8(new byte[] { 0x41, 0xC3 }));
        Assert.Throws<ArgumentException>(() => PropertyValue.Utf8(new byte[] { 0xED, 0xA0, 0x80 }));
    }
}
