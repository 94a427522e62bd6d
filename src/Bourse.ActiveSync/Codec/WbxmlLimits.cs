namespace Bourse.ActiveSync.Codec;

/// Bounds the decoder enforces so hostile input cannot exhaust memory or time.
internal sealed record WbxmlLimits
{
    internal static WbxmlLimits Default { get; } = new();

    /// Maximum element nesting; real EAS requests stay below 15.
    internal int MaxDepth { get; init; } = 64;

    /// Maximum document size in bytes (MIME in SendMail is the big case).
    internal int MaxDocumentBytes { get; init; } = 64 * 1024 * 1024;

    /// Maximum number of elements in one document.
    internal int MaxElements { get; init; } = 1_000_000;
}
