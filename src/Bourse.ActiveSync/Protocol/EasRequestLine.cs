namespace Bourse.ActiveSync.Protocol;

/// A parsed ActiveSync request line: who, which device, which command, which protocol version.
internal sealed record EasRequestLine(
    EasQueryForm Form,
    EasCommand Command,
    string? User,
    string DeviceId,
    string DeviceType,
    EasProtocolVersion ProtocolVersion,
    uint? PolicyKey,
    ushort? Locale,
    EasRequestParameters Parameters);
