namespace Bourse.ActiveSync.Protocol;

/// Bounds the request-line parser enforces.
internal sealed record EasRequestLimits
{
    internal static EasRequestLimits Default { get; } = new();

    /// DeviceId length; MS-ASHTTP 2.2.1.1.1.2.3 asks for an ID without special characters, and clients stay within 32.
    internal int MaxDeviceIdLength { get; init; } = 32;

    /// DeviceType length.
    internal int MaxDeviceTypeLength { get; init; } = 64;

    /// User length (a UPN or DOMAIN\user).
    internal int MaxUserLength { get; init; } = 256;

    /// Length of one command parameter value in the plain text form (the base64 form caps it at 255 bytes).
    internal int MaxParameterLength { get; init; } = 1024;

    /// Length of the whole raw query.
    internal int MaxQueryLength { get; init; } = 8192;
}
