using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Mapping;

/// How items are rendered for one collection of a Sync, or for an ItemOperations Fetch / Search: the protocol version,
/// the body preferences, and MIME support. Sync and Fetch render the same way; only where the options come from differs.
internal sealed class ItemRenderOptions
{
    // MS-ASCMD 2.2.3.111: MIMETruncation 0–7 truncate at these sizes, 8 = do not truncate.
    private static readonly long[] MimeTruncationSizes = [0, 4096, 5120, 7168, 10240, 20480, 51200, 102400];

    internal ItemRenderOptions(EasProtocolVersion version) => Version = version;

    internal EasProtocolVersion Version { get; }

    /// The client's preferences in request order; empty when it sent none.
    internal IReadOnlyList<BodyPreference> BodyPreferences { get; init; } = [];

    internal MimeSupport MimeSupport { get; init; }

    /// MIMETruncation as a byte count; null = no truncation (element absent or 8).
    internal long? MimeTruncation { get; init; }

    /// The preference for a body type, if the client sent one.
    internal BodyPreference? PreferenceFor(EasBodyType type)
    {
        foreach (var p in BodyPreferences)
        {
            if (p.Type == type)
            {
                return p;
            }
        }

        return null;
    }

    /// Reads a Sync, ItemOperations or Search Options element. Values a client gets wrong (an unknown body type, a
    /// non-numeric size, a second preference for the same type) are ignored rather than failing the request, as
    /// Exchange tolerates them; elements of other commands (FilterType, Class, Schema, Range, RightsManagementSupport,
    /// BodyPartPreference) are not ours and are skipped.
    internal static ItemRenderOptions FromOptions(WbxmlElement? options, EasProtocolVersion version)
    {
        if (options is null)
        {
            return new ItemRenderOptions(version);
        }

        var preferences = new List<BodyPreference>();
        var mimeSupport = MimeSupport.Never;
        long? mimeTruncation = null;
        foreach (var child in options.Children)
        {
            switch (child.Namespace, child.Name)
            {
                case ("AirSyncBase", "BodyPreference"):
                    if (ParsePreference(child, version) is { } p && !preferences.Exists(x => x.Type == p.Type))
                    {
                        // MS-ASAIRS 2.2.2.12: at most one BodyPreference per Type.
                        preferences.Add(p);
                    }

                    break;
                case ("AirSync", "MIMESupport"):
                    if (TryUInt(child.Text, out var ms) && ms <= 2)
                    {
                        mimeSupport = (MimeSupport)ms;
                    }

                    break;
                case ("AirSync", "MIMETruncation"):
                    if (TryUInt(child.Text, out var mt) && mt <= 8)
                    {
                        mimeTruncation = mt == 8 ? null : MimeTruncationSizes[mt];
                    }

                    break;
            }
        }

        return new ItemRenderOptions(version)
        {
            BodyPreferences = preferences,
            MimeSupport = mimeSupport,
            MimeTruncation = mimeTruncation,
        };
    }

    private static BodyPreference? ParsePreference(WbxmlElement element, EasProtocolVersion version)
    {
        EasBodyType? type = null;
        long? truncation = null;
        var allOrNone = false;
        int? preview = null;
        foreach (var child in element.Children)
        {
            if (child.Namespace != "AirSyncBase")
            {
                continue;
            }

            switch (child.Name)
            {
                case "Type":
                    if (TryUInt(child.Text, out var t) && t is >= 1 and <= 4)
                    {
                        type = (EasBodyType)t;
                    }

                    break;
                case "TruncationSize":
                    // MS-ASAIRS 2.2.2.40.2: at most 4,294,967,295.
                    if (TryUInt(child.Text, out var size))
                    {
                        truncation = size;
                    }

                    break;
                case "AllOrNone":
                    allOrNone = child.Text?.Trim() == "1";
                    break;
                case "Preview":
                    // MS-ASAIRS 2.2.2.35.4: 0–255, protocol 14.0 and later.
                    if (version >= EasProtocolVersion.V14_0 && TryUInt(child.Text, out var pv))
                    {
                        preview = (int)Math.Min(pv, BodyPreference.MaxPreview);
                    }

                    break;
            }
        }

        // MS-ASAIRS 2.2.2.3.2: AllOrNone is ignored without a TruncationSize.
        return type is { } ty ? new BodyPreference(ty, truncation, allOrNone && truncation is not null, preview) : null;
    }

    private static bool TryUInt(string? text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
