namespace Bourse.ActiveSync.Protocol;

/// A protocol version Bourse serves; the value is the base64 form's version byte (major × 10 + minor).
// MS-ASHTTP 2.2.1.1.1.1: Protocol version byte, e.g. 141 = 14.1; 2.5 and 12.0 are not served (no base64 form).
internal enum EasProtocolVersion : byte
{
    V12_1 = 121,
    V14_0 = 140,
    V14_1 = 141,
    V16_0 = 160,
    V16_1 = 161,
}
