using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Handlers;

/// What a command handler answers; the HTTP layer writes it.
internal abstract record EasResult
{
    /// A WBXML document (HTTP 200, application/vnd.ms-sync.wbxml).
    internal sealed record Document(WbxmlElement Root) : EasResult;

    /// HTTP 200 with no body: e.g. an empty Sync response when nothing changed (MS-ASCMD 2.2.2.20).
    internal sealed record Empty : EasResult;

    /// A bare HTTP status, with optional headers (449, 403, 400 …).
    internal sealed record Http(int StatusCode, IReadOnlyList<KeyValuePair<string, string>>? Headers = null) : EasResult;

    /// Bytes of a given content type (GetAttachment, multipart ItemOperations).
    internal sealed record Raw(ReadOnlyMemory<byte> Body, string ContentType) : EasResult;

    internal static EasResult EmptyOk { get; } = new Empty();
}
