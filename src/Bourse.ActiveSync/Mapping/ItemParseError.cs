namespace Bourse.ActiveSync.Mapping;

/// Why a device's ApplicationData could not be converted; every reason is answered with Sync Status 6 for that item
/// (MS-ASCMD 2.2.3.177.17: 6 = error in client/server conversion). Codes are stable (logged).
internal enum ItemParseError
{
    None = 0,

    /// Not a number, out of range, not 0/1, text where a container belongs or the reverse.
    InvalidValue = 1,

    /// A date that is not one of the MS-ASDTYPE forms or is outside the FILETIME range.
    InvalidDate = 2,

    /// Longer, larger or more numerous than the limits allow.
    TooLarge = 3,

    /// Not possible for this class and protocol version (e.g. an Email Add before 16.0).
    NotSupported = 4,

    /// A required child is missing (an attendee without Email, an exception without its start time).
    MissingRequired = 5,

    /// The conversion failed unexpectedly; the item is refused rather than half-written.
    ConversionFailed = 6,
}
