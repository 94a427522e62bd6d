namespace Bourse.ActiveSync.Protocol;

/// The command parameters of a request line; null when absent.
// MS-ASHTTP 2.2.1.1.1.2.5 (plain text) and 2.2.1.1.1.1.3 (base64): AttachmentName, CollectionId, ItemId, LongId, Occurrence, options.
internal sealed record EasRequestParameters
{
    internal static EasRequestParameters None { get; } = new();

    internal string? AttachmentName { get; init; }

    internal string? CollectionId { get; init; }

    internal string? ItemId { get; init; }

    internal string? LongId { get; init; }

    internal string? Occurrence { get; init; }

    internal bool SaveInSent { get; init; }

    internal bool AcceptMultiPart { get; init; }
}
