namespace Bourse.Core.Properties;

/// <summary>
/// A named property (MS-OXCDATA 2.6.1): a property set GUID plus either a numeric id (LID) or a string name.
/// </summary>
public sealed record NamedProperty
{
    private NamedProperty(Guid propertySet, uint? id, string? name)
    {
        PropertySet = propertySet;
        Id = id;
        Name = name;
    }

    public Guid PropertySet { get; }

    /// <summary>The numeric long id (MNID_ID), or null for a string-named property.</summary>
    public uint? Id { get; }

    /// <summary>The string name (MNID_STRING), or null for a numeric-id property.</summary>
    public string? Name { get; }

    public bool IsNumeric => Id.HasValue;

    public static NamedProperty ById(Guid propertySet, uint id) => new(propertySet, id, null);

    public static NamedProperty ByName(Guid propertySet, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(propertySet, null, name);
    }

    public bool Equals(NamedProperty? other) =>
        other is not null && PropertySet == other.PropertySet && Id == other.Id &&
        // MS-OXCDATA: string names compare case-sensitively except for PS_INTERNET_HEADERS, which is case-insensitive.
        string.Equals(Name, other.Name, PropertySet == PropertySets.InternetHeaders ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(PropertySet, Id,
        Name is null ? 0 : (PropertySet == PropertySets.InternetHeaders ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).GetHashCode(Name));

    public override string ToString() => IsNumeric ? $"{{{PropertySet}}}:0x{Id:X4}" : $"{{{PropertySet}}}:{Name}";
}
