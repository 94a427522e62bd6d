namespace Bourse.ActiveSync.Protocol;

/// Protocol version text ⇄ value.
internal static class EasProtocolVersions
{
    // MS-ASHTTP 2.2.1.1.2.6: valid header values are "16.1", "16.0", "14.1", "14.0", "12.1", "12.0", "2.5"; we serve 12.1 and later.
    internal static IReadOnlyList<EasProtocolVersion> Supported { get; } =
        [EasProtocolVersion.V12_1, EasProtocolVersion.V14_0, EasProtocolVersion.V14_1, EasProtocolVersion.V16_0, EasProtocolVersion.V16_1];

    internal static string ToText(EasProtocolVersion version) => version switch
    {
        EasProtocolVersion.V12_1 => "12.1",
        EasProtocolVersion.V14_0 => "14.0",
        EasProtocolVersion.V14_1 => "14.1",
        EasProtocolVersion.V16_0 => "16.0",
        EasProtocolVersion.V16_1 => "16.1",
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    internal static bool TryFromText(string? text, out EasProtocolVersion version)
    {
        foreach (var candidate in Supported)
        {
            if (string.Equals(ToText(candidate), text?.Trim(), StringComparison.Ordinal))
            {
                version = candidate;
                return true;
            }
        }

        version = default;
        return false;
    }

    internal static bool TryFromByte(byte value, out EasProtocolVersion version)
    {
        version = (EasProtocolVersion)value;
        return Supported.Contains(version);
    }
}
