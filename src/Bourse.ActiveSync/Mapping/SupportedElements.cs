using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Mapping;

/// The Supported list of a Contacts or Calendar collection (MS-ASCMD 2.2.3.179): without one, nothing is ghosted and an
/// element missing from a device's Change deletes the property; with one, the elements it does not name are ghosted —
/// the device does not manage them, so their absence leaves the stored value alone. The sync engine keeps the list
/// from the collection's initial Sync (as <see cref="Names"/>) and hands it back for every Change.
internal sealed class SupportedElements
{
    private readonly HashSet<string>? _names;

    private SupportedElements(HashSet<string>? names) => _names = names;

    /// No Supported element was sent: nothing is ghosted.
    internal static SupportedElements None { get; } = new(null);

    /// "Namespace:Name" of each supported element; null when no Supported element was sent.
    internal IReadOnlyCollection<string>? Names => _names;

    internal static SupportedElements FromSupported(WbxmlElement? supported)
    {
        if (supported is null)
        {
            return None;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in supported.Children)
        {
            names.Add(child.Namespace + ":" + child.Name);
        }

        return new SupportedElements(names);
    }

    internal static SupportedElements FromNames(IEnumerable<string>? names) =>
        names is null ? None : new SupportedElements(new HashSet<string>(names, StringComparer.Ordinal));

    /// True when the element is ghosted: a Supported list exists and does not name it.
    internal bool IsGhosted(string @namespace, string name) =>
        _names is not null && !_names.Contains(@namespace + ":" + name);
}
