namespace Bourse.ActiveSync.Protocol;

/// The Options bitmask of the base64 form.
// MS-ASHTTP 2.2.1.1.1.1.3: Options flags SaveInSent = 0x01, AcceptMultiPart = 0x02.
[Flags]
internal enum EasRequestOptions : byte
{
    None = 0,
    SaveInSent = 0x01,
    AcceptMultiPart = 0x02,
}
