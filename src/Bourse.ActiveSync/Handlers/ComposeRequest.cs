using System.Text;
using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// A SendMail, SmartReply or SmartForward request, whichever form it came in: 14.0 and later send the WBXML ComposeMail
/// element (MS-ASCMD 2.2.1.17, 2.2.1.19, 2.2.1.20), 12.1 the message itself as message/rfc822 with SaveInSent, ItemId,
/// CollectionId and LongId on the request line (MS-ASHTTP 2.2.1.1.1.2.5).
/// </summary>
internal sealed record ComposeRequest
{
    private const string Ns = "ComposeMail";

    // MS-ASCMD 2.2.3.28.1: ClientId is at most 40 characters.
    internal const int MaxClientIdLength = 40;

    internal string? ClientId { get; init; }

    internal bool SaveInSentItems { get; init; }

    /// MS-ASCMD 2.2.3.148: the client sends the whole message; the server MUST NOT add the original's body or attachments.
    internal bool ReplaceMime { get; init; }

    internal ReadOnlyMemory<byte> Mime { get; init; }

    internal string? SourceFolderId { get; init; }

    internal string? SourceItemId { get; init; }

    internal string? SourceLongId { get; init; }

    internal string? AccountId { get; init; }

    /// The request, or the status that refuses it.
    internal static (ComposeRequest? Request, int Status) Read(EasRequestContext context)
    {
        if (!context.RawBody.IsEmpty)
        {
            var p = context.Line.Parameters;
            return (new ComposeRequest
            {
                Mime = context.RawBody,
                SaveInSentItems = p.SaveInSent,
                SourceFolderId = p.CollectionId,
                SourceItemId = p.ItemId,
                SourceLongId = p.LongId,
            }, 0);
        }

        if (context.Request is not { } root)
            return (null, ComposeMailStatus.InvalidXml);

        // MS-ASCMD 2.2.3.109: Mime is required and OPAQUE; some devices send it as a string instead. (A 16.x SmartForward of a
        // calendar item with Forwardees and airsyncbase:Body instead of Mime is not supported: 103.)
        var mimeElement = root.Element(Ns, "Mime");
        var mime = mimeElement?.Opaque is { } opaque ? opaque
            : mimeElement?.Text is { } text ? Encoding.UTF8.GetBytes(text)
            : null;
        if (mime is null || mime.Length == 0)
            return (null, ComposeMailStatus.InvalidXml);

        var clientId = root.Element(Ns, "ClientId")?.Text;
        if (clientId is not null && (clientId.Length is 0 or > MaxClientIdLength || clientId.Any(char.IsControl)))
            return (null, ComposeMailStatus.InvalidXml);

        var source = root.Element(Ns, "Source");
        return (new ComposeRequest
        {
            ClientId = clientId,
            // MS-ASCMD 2.2.3.157: SaveInSentItems is an empty element; present means save.
            SaveInSentItems = root.Element(Ns, "SaveInSentItems") is not null,
            ReplaceMime = root.Element(Ns, "ReplaceMime") is not null,
            Mime = mime,
            SourceFolderId = Value(source, "FolderId"),
            SourceItemId = Value(source, "ItemId"),
            SourceLongId = Value(source, "LongId"),
            AccountId = root.Element(Ns, "AccountId")?.Text,
        }, 0);
    }

    private static string? Value(WbxmlElement? parent, string name) => parent?.Element(Ns, name)?.Text is { Length: > 0 } v ? v : null;
}
