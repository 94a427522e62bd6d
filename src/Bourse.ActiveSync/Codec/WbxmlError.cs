namespace Bourse.ActiveSync.Codec;

/// Why a WBXML document was rejected. Values are stable codes (logged, mapped to HTTP 400 / EAS status in one place).
internal enum WbxmlError
{
    None = 0,
    Truncated = 1,
    UnsupportedVersion = 2,
    UnsupportedPublicId = 3,
    UnsupportedCharset = 4,
    StringTableNotAllowed = 5,
    UnknownCodePage = 6,
    UnknownTag = 7,
    AttributesNotAllowed = 8,
    LiteralTagNotAllowed = 9,
    StringTableReferenceNotAllowed = 10,
    EntityNotAllowed = 11,
    ExtensionNotAllowed = 12,
    ProcessingInstructionNotAllowed = 13,
    TooDeep = 14,
    TooLarge = 15,
    IntegerOverflow = 16,
    InvalidUtf8 = 17,
    MixedContent = 18,
    ContentOutsideRoot = 19,
    TrailingData = 20,
    TooManyElements = 21,
}
