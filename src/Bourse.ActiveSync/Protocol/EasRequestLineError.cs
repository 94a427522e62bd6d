namespace Bourse.ActiveSync.Protocol;

/// Why a request line was rejected. Values are stable codes (logged, mapped to HTTP 400 in one place).
internal enum EasRequestLineError
{
    None = 0,
    EmptyQuery = 1,
    MissingCommand = 2,
    UnknownCommand = 3,
    MissingDeviceId = 4,
    InvalidDeviceId = 5,
    DeviceIdTooLong = 6,
    MissingDeviceType = 7,
    InvalidDeviceType = 8,
    DeviceTypeTooLong = 9,
    UserTooLong = 10,
    MissingProtocolVersion = 11,
    UnsupportedProtocolVersion = 12,
    InvalidPolicyKey = 13,
    InvalidBase64 = 14,
    Truncated = 15,
    UnknownParameter = 16,
    DuplicateParameter = 17,
    InvalidParameter = 18,
    ParameterTooLong = 19,
    InvalidUtf8 = 20,
    QueryTooLong = 21,
}
