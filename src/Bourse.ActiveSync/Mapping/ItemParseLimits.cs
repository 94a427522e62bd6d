namespace Bourse.ActiveSync.Mapping;

/// Bounds on what a device may send in one item; anything over them is refused with ItemParseError.TooLarge.
internal sealed record ItemParseLimits
{
    internal static ItemParseLimits Default { get; } = new();

    /// Characters of any single text field (subject, names, addresses, location …).
    internal int MaxTextChars { get; init; } = 32 * 1024;

    /// Characters of one category name.
    internal int MaxCategoryChars { get; init; } = 255;

    /// UTF-8 bytes of a body's Data.
    internal int MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// Entries of a list: categories, children (MS-ASCNTC 2.2.2.22 allows up to 300 Child elements).
    internal int MaxListEntries { get; init; } = 300;

    /// Attendees of one calendar item or exception.
    internal int MaxAttendees { get; init; } = 1000;

    /// Exceptions of one recurring item (MS-ASCAL 2.2.2.21: up to 256 per Exceptions element).
    internal int MaxExceptions { get; init; } = 256;

    /// Bytes of a contact picture.
    internal int MaxPictureBytes { get; init; } = 1024 * 1024;

    /// Bytes of one attachment added with an item (16.0 drafts and calendar items).
    internal int MaxAttachmentBytes { get; init; } = 25 * 1024 * 1024;

    /// Attachments added with one item.
    internal int MaxAttachments { get; init; } = 100;
}
