namespace Bourse.Core.Properties;

/// <summary>
/// Identifies a property in a bag: either a tagged property (id below 0x8000) or a named property, each with its type.
/// </summary>
public readonly struct PropertyKey : IEquatable<PropertyKey>
{
    private PropertyKey(ushort id, NamedProperty? named, PropertyType type)
    {
        TagId = id;
        Named = named;
        Type = type;
    }

    /// <summary>The property id for a tagged property; 0 for a named one.</summary>
    public ushort TagId { get; }

    /// <summary>The name for a named property; null for a tagged one.</summary>
    public NamedProperty? Named { get; }

    public PropertyType Type { get; }

    public bool IsNamed => Named is not null;

    public PropertyTag Tag => IsNamed ? throw new InvalidOperationException("A named property has no fixed tag.") : new PropertyTag(TagId, Type);

    public static PropertyKey FromTag(PropertyTag tag)
    {
        if (tag.IsNamedRange)
            throw new ArgumentException($"Property id 0x{tag.Id:X4} is in the named range; use a NamedProperty key.", nameof(tag));
        return new PropertyKey(tag.Id, null, tag.Type);
    }

    public static PropertyKey FromTag(uint tag) => FromTag(new PropertyTag(tag));

    public static PropertyKey FromName(NamedProperty named, PropertyType type) => new(0, named ?? throw new ArgumentNullException(nameof(named)), type);

    public static implicit operator PropertyKey(PropertyTag tag) => FromTag(tag);

    public bool Equals(PropertyKey other) => TagId == other.TagId && Type == other.Type && Equals(Named, other.Named);

    public override bool Equals(object? obj) => obj is PropertyKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(TagId, Type, Named);

    public static bool operator ==(PropertyKey left, PropertyKey right) => left.Equals(right);

    public static bool operator !=(PropertyKey left, PropertyKey right) => !left.Equals(right);

    public override string ToString() => IsNamed ? $"{Named}/{Type}" : new PropertyTag(TagId, Type).ToString();
}
