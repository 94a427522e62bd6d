namespace Bourse.ActiveSync.Mapping;

/// One AirSyncBase:BodyPreference of a request (MS-ASAIRS 2.2.2.12): the type, the size to truncate to (bytes of the
/// data as sent; null = whole), whether a truncated body is useless to the client, and the preview length (14.0+).
internal sealed record BodyPreference(EasBodyType Type, long? TruncationSize = null, bool AllOrNone = false, int? Preview = null)
{
    /// MS-ASAIRS 2.2.2.35.4: Preview is 0–255 characters.
    internal const int MaxPreview = 255;
}
