using Bourse.Core.Properties;

namespace Bourse.Core.Tests.Properties;

public sealed class PropertyBagTests
{
    [Fact]
    public void SetRefusesAValueOfAnotherType()
    {
        var bag = new PropertyBag();
        Assert.Throws<ArgumentException>(() => bag.Set(PropTags.Subject, PropertyValue.Long(3)));
    }

    [Fact]
    public void CreateRefusesAClrValueThatDoesNotMatchTheType()
    {
        Assert.Throws<ArgumentException>(() => PropertyValue.Create(PropertyType.Long, 3L));
        Assert.Throws<ArgumentException>(() => PropertyValue.Create(PropertyType.MultipleUnicode, "x"));
        Assert.Throws<ArgumentException>(() => PropertyValue.Create(PropertyType.Float, 1.0f));
    }

    [Fact]
    public void TypedGettersReturnNullForMissingOrDifferentlyTypedValues()
    {
        var bag = new PropertyBag().Set(PropTags.Subject, "Hello").Set(PropTags.MessageFlags, 1);
        Assert.Equal("Hello", bag.GetString(PropTags.Subject));
        Assert.Equal(1, bag.GetInt32(PropTags.MessageFlags));
        Assert.Null(bag.GetString(PropTags.Body));
        Assert.Null(bag.GetInt32(PropTags.Importance));
    }

    [Fact]
    public void ApplySetsThenRemoves()
    {
        var bag = new PropertyBag().Set(PropTags.Subject, "Old").Set(PropTags.Body, "text");
        var changes = new PropertyChanges().With(PropTags.Subject, PropertyValue.Unicode("New")).Without(PropTags.Body);
        bag.Apply(changes);
        Assert.Equal("New", bag.GetString(PropTags.Subject));
        Assert.False(bag.Contains(PropTags.Body));
    }

    [Fact]
    public void LocalTimesAreStoredAsUtc()
    {
        var local = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Local);
        Assert.Equal(DateTimeKind.Utc, PropertyValue.SysTime(local).AsSysTime().Kind);
        Assert.Equal(local.ToUniversalTime(), PropertyValue.SysTime(local).AsSysTime());
    }

    [Fact]
    public void NamedRangeTagsCannotBeUsedAsFixedKeys() =>
        Assert.Throws<ArgumentException>(() => PropertyKey.FromTag(new PropertyTag(0x8001, PropertyType.Long)));

    [Fact]
    public void InternetHeaderNamesCompareCaseInsensitivelyOtherNamesDoNot()
    {
        Assert.Equal(NamedProperty.ByName(PropertySets.InternetHeaders, "X-Mailer"), NamedProperty.ByName(PropertySets.InternetHeaders, "x-mailer"));
        Assert.NotEqual(NamedProperty.ByName(PropertySets.PublicStrings, "Keywords"), NamedProperty.ByName(PropertySets.PublicStrings, "keywords"));
        Assert.NotEqual(NamedProperty.ById(PropertySets.Common, 1), NamedProperty.ById(PropertySets.Address, 1));
    }

    [Fact]
    public void TagSplitsIdAndType()
    {
        var tag = new PropertyTag(0x0037001F);
        Assert.Equal(0x0037, tag.Id);
        Assert.Equal(PropertyType.Unicode, tag.Type);
        Assert.Equal(0x0037001Fu, tag.Value);
        Assert.Equal(PropTags.Subject, tag);
        Assert.True(PropertyType.MultipleUnicode.IsMultiValued());
        Assert.Equal(PropertyType.Unicode, PropertyType.MultipleUnicode.ElementType());
    }
}
