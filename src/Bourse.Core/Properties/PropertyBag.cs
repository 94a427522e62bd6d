using System.Collections;

namespace Bourse.Core.Properties;

/// <summary>
/// The property bag every folder, item, recipient and attachment is made of. Keys carry their type, so a bag
/// can hold the same id with two types only if a client writes both (as MAPI allows); setting a key replaces it.
/// </summary>
public sealed class PropertyBag : IEnumerable<KeyValuePair<PropertyKey, PropertyValue>>
{
    private readonly Dictionary<PropertyKey, PropertyValue> _values;

    public PropertyBag() => _values = [];

    /// <summary>An empty bag with room for <paramref name="capacity"/> properties before it grows.</summary>
    public PropertyBag(int capacity) => _values = new Dictionary<PropertyKey, PropertyValue>(capacity);

    private PropertyBag(Dictionary<PropertyKey, PropertyValue> copyOf) => _values = new Dictionary<PropertyKey, PropertyValue>(copyOf);

    public PropertyBag(IEnumerable<KeyValuePair<PropertyKey, PropertyValue>> values)
    {
        _values = [];
        foreach (var (k, v) in values)
            Set(k, v);
    }

    public int Count => _values.Count;

    public IEnumerable<PropertyKey> Keys => _values.Keys;

    public PropertyValue? this[PropertyKey key]
    {
        get => _values.GetValueOrDefault(key);
        set
        {
            if (value is null)
                _values.Remove(key);
            else
                Set(key, value);
        }
    }

    public PropertyBag Set(PropertyKey key, PropertyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (key.Type != value.Type)
            throw new ArgumentException($"Key {key} has type {key.Type} but the value is {value.Type}.", nameof(value));
        _values[key] = value;
        return this;
    }

    public PropertyBag Set(PropertyTag tag, string value) => Set(tag, PropertyValue.Create(tag.Type, value));
    public PropertyBag Set(PropertyTag tag, int value) => Set(tag, PropertyValue.Long(value));
    public PropertyBag Set(PropertyTag tag, long value) => Set(tag, PropertyValue.I8(value));
    public PropertyBag Set(PropertyTag tag, bool value) => Set(tag, PropertyValue.Boolean(value));
    public PropertyBag Set(PropertyTag tag, DateTime value) => Set(tag, PropertyValue.SysTime(value));
    public PropertyBag Set(PropertyTag tag, byte[] value) => Set(tag, PropertyValue.Binary(value));

    public bool Remove(PropertyKey key) => _values.Remove(key);

    public bool Contains(PropertyKey key) => _values.ContainsKey(key);

    public bool TryGet(PropertyKey key, out PropertyValue value) => _values.TryGetValue(key, out value!);

    public string? GetString(PropertyKey key) => _values.TryGetValue(key, out var v) && v.Value is string s ? s : null;
    public int? GetInt32(PropertyKey key) => _values.TryGetValue(key, out var v) && v.Value is int i ? i : null;
    public long? GetInt64(PropertyKey key) => _values.TryGetValue(key, out var v) && v.Value is long i ? i : null;
    public bool? GetBoolean(PropertyKey key) => _values.TryGetValue(key, out var v) && v.Value is bool b ? b : null;
    public DateTime? GetDateTime(PropertyKey key) => _values.TryGetValue(key, out var v) && v.Value is DateTime d ? d : null;
    public byte[]? GetBinary(PropertyKey key) => _values.TryGetValue(key, out var v) && v.Value is byte[] b ? b : null;

    /// <summary>Applies <paramref name="changes"/> on top of this bag: its values are set, then its removals applied.</summary>
    public void Apply(PropertyChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (k, v) in changes.Set)
            Set(k, v);
        foreach (var k in changes.Remove)
            _values.Remove(k);
    }

    /// <summary>A copy of the bag (the values themselves are shared: they are immutable).</summary>
    public PropertyBag Clone() => new(_values);

    public IEnumerator<KeyValuePair<PropertyKey, PropertyValue>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
