namespace Bourse.ActiveSync.Mapping;

/// The outcome of converting a device's ApplicationData: the value, or the reason and the element that caused it.
internal sealed class ItemParseResult<T>
    where T : class
{
    private ItemParseResult(T? value, ItemParseError error, string? element)
    {
        Value = value;
        Error = error;
        Element = element;
    }

    internal T? Value { get; }

    internal ItemParseError Error { get; }

    /// "Namespace:Name" of the offending element, for the log (never echoed to the device).
    internal string? Element { get; }

    internal bool IsSuccess => Error == ItemParseError.None;

    /// For an Add: the ClientId of each attachment in NewItem.Attachments, in the same order (16.0 drafts and
    /// calendar items), so the response can map them to FileReferences.
    internal IReadOnlyList<string?> AttachmentClientIds { get; private init; } = [];

    internal static ItemParseResult<T> Success(T value, IReadOnlyList<string?>? attachmentClientIds = null) =>
        new(value ?? throw new ArgumentNullException(nameof(value)), ItemParseError.None, null)
        {
            AttachmentClientIds = attachmentClientIds ?? [],
        };

    internal static ItemParseResult<T> Failure(ItemParseError error, string? element)
    {
        if (error == ItemParseError.None)
        {
            throw new ArgumentOutOfRangeException(nameof(error));
        }

        return new(null, error, element);
    }
}
