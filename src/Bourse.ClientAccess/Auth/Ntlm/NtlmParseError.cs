namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>Why an NTLM message was rejected. Stable codes: append only.</summary>
internal enum NtlmParseError
{
    None = 0,
    Truncated = 1,
    BadSignature = 2,
    WrongMessageType = 3,
    FieldOutOfBounds = 4,
    FieldOverlapsHeader = 5,
    OddUnicodeLength = 6,
    TooLarge = 7,
    AvPairTruncated = 8,
    AvPairMissingEol = 9,
    AvPairBadLength = 10,
    AvPairDuplicate = 11,
    BadResponseVersion = 12,
    ResponseTooShort = 13,
    FieldTooLong = 14,
}
