using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// Renders a stored item as the AirSync:ApplicationData of its class (MS-ASEMAIL, MS-ASCNTC, MS-ASCAL, MS-ASTASK,
/// MS-ASNOTE), for the protocol version and body preferences in the options.
internal static partial class ItemRenderer
{
    /// The full ApplicationData of an item (Sync Add, ItemOperations Fetch, Search). <paramref name="openMime"/> is called
    /// only when the client asked for MIME and the item is mail.
    internal static ValueTask<WbxmlElement> RenderAsync(Item item, EasClass cls, ItemRenderOptions options,
        Func<CancellationToken, ValueTask<Stream?>> openMime, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        return cls switch
        {
            EasClass.Email => RenderEmailAsync(item, options, openMime, ct),
            EasClass.Contacts => new(RenderContact(item, options)),
            EasClass.Calendar => new(RenderCalendar(item, options)),
            EasClass.Tasks => new(RenderTask(item, options)),
            EasClass.Notes => new(RenderNote(item, options)),
            _ => throw new ArgumentOutOfRangeException(nameof(cls)),
        };
    }

    /// The ApplicationData of a server-side Change. A mail's content never changes, so for Email only what a device can
    /// change too is sent — Read, Flag (MS-ASEMAIL 2.2.2.34) and Categories, the elements a device's Sync Change
    /// of mail carries; the other classes are sent whole, as a Change replaces the device's copy.
    internal static ValueTask<WbxmlElement> RenderChangeAsync(Item item, EasClass cls, ItemRenderOptions options,
        Func<CancellationToken, ValueTask<Stream?>> openMime, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        if (cls != EasClass.Email)
        {
            return RenderAsync(item, cls, options, openMime, ct);
        }

        var app = NewApplicationData();
        AddEmailChangeFields(app, item, options);
        return new(app);
    }

    private static WbxmlElement NewApplicationData() => new("AirSync", "ApplicationData");

    private static void AddText(WbxmlElement parent, string ns, string name, string? value)
    {
        if (value is not null)
        {
            parent.Add(new WbxmlElement(ns, name, StripNul(value)));
        }
    }

    private static void AddInt(WbxmlElement parent, string ns, string name, int? value)
    {
        if (value is { } v)
        {
            parent.Add(new WbxmlElement(ns, name, v.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static void AddBool(WbxmlElement parent, string ns, string name, bool? value)
    {
        if (value is { } v)
        {
            parent.Add(new WbxmlElement(ns, name, v ? "1" : "0"));
        }
    }

    /// A categories container (Email, Contacts, Calendar, Tasks and Notes each have their own Categories/Category).
    private static WbxmlElement? Categories(PropertyBag bag, string ns, bool emptyWhenNone)
    {
        var values = bag.TryGet(NamedProps.Keywords, out var v) && v.Value is string[] a ? a : [];
        if (values.Length == 0 && !emptyWhenNone)
        {
            return null;
        }

        var categories = new WbxmlElement(ns, "Categories");
        foreach (var c in values)
        {
            categories.Add(new WbxmlElement(ns, "Category", StripNul(c)));
        }

        return categories;
    }

    /// WBXML inline strings end at NUL (MS-ASWBXML 2.1.1); a stored NUL would cut the value, so it is dropped.
    private static string StripNul(string value) =>
        value.Contains('\0', StringComparison.Ordinal) ? value.Replace("\0", "", StringComparison.Ordinal) : value;
}
