namespace Bourse.Core.Properties;

/// <summary>A set of property writes and deletions applied to an item or folder as one change.</summary>
public sealed class PropertyChanges
{
    public PropertyBag Set { get; } = new();

    public HashSet<PropertyKey> Remove { get; } = [];

    public bool IsEmpty => Set.Count == 0 && Remove.Count == 0;

    public PropertyChanges With(PropertyKey key, PropertyValue value)
    {
        Set.Set(key, value);
        Remove.Remove(key);
        return this;
    }

    public PropertyChanges Without(PropertyKey key)
    {
        Set.Remove(key);
        Remove.Add(key);
        return this;
    }
}
