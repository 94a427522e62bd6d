using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Mailbox;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// ItemOperations (MS-ASCMD 2.2.1.10): Fetch (a mailbox item by CollectionId and ServerId or by Search LongId, or an
/// attachment by FileReference, whole or a byte Range), EmptyFolderContents, and Move of a conversation (not performed:
/// Status 3). Operations run in request order, each with its own Status. When the client accepts a multipart answer
/// (MS-ASHTTP MS-ASAcceptMultiPart), item bodies and attachment bytes travel as binary parts after the WBXML instead of
/// base64 in it (MS-ASCMD 2.2.1.10.1).
/// </summary>
internal sealed partial class ItemOperationsHandler(IMailStore store, MailboxOperations operations) : IEasCommandHandler
{
    private const string Ns = "ItemOperations";

    internal const int MaxOperations = 256;

    public EasCommand Command => EasCommand.ItemOperations;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var ops = request.Children.Where(c => c.Namespace == Ns && c.Name is "Fetch" or "EmptyFolderContents" or "Move").ToList();
        if (ops.Count == 0)
        {
            // MS-ASCMD 2.2.3.177.8: Status 2, the request does not follow the schema (no operation at all).
            return new EasResult.Document(new WbxmlElement(Ns, "ItemOperations", StatusElement(ItemOperationsStatus.ProtocolError)));
        }

        // MS-ASCMD airsyncbase:FileReference (ItemOperations): one per Fetch; more is a protocol error, Status 2. So is an option
        // the Fetch's target does not take (MS-ASCMD Options (ItemOperations)): a byte Range is for attachments and documents, not items.
        // At most MaxOperations operations per request, so a small request cannot ask for hundreds of megabytes of answer.
        if (ops.Count > MaxOperations ||
            ops.Exists(op => op.Name == "Fetch" && (op.Children.Count(c => c is { Namespace: "AirSyncBase", Name: "FileReference" }) > 1 || RangeOnItem(op))))
            return new EasResult.Document(new WbxmlElement(Ns, "ItemOperations", StatusElement(ItemOperationsStatus.ProtocolError)));

        // Part 0 of a multipart answer is the WBXML document itself; it is filled in last.
        var parts = context.AcceptsMultipart ? new List<ReadOnlyMemory<byte>> { ReadOnlyMemory<byte>.Empty } : null;
        var response = new WbxmlElement(Ns, "Response");
        foreach (var op in ops)
        {
            response.Add(op.Name switch
            {
                "Fetch" => await FetchAsync(context, op, parts, ct).ConfigureAwait(false),
                "EmptyFolderContents" => await EmptyFolderContentsAsync(context, op, ct).ConfigureAwait(false),
                _ => MoveConversation(op),
            });
        }

        var root = new WbxmlElement(Ns, "ItemOperations", StatusElement(ItemOperationsStatus.Success), response);
        if (parts is null)
            return new EasResult.Document(root);
        parts[0] = WbxmlEncoder.Encode(root);
        return new EasResult.Raw(ItemOperationsMultipart.Write(parts), ItemOperationsMultipart.ContentType);
    }

    private static bool RangeOnItem(WbxmlElement fetch) =>
        fetch.Element("AirSyncBase", "FileReference") is null && fetch.Element(Ns, "Options")?.Element(Ns, "Range") is not null &&
        (fetch.Element("AirSync", "ServerId") is not null || fetch.Element("Search", "LongId") is not null);

    /// MS-ASCMD 2.2.3.117.1: Move of a conversation (ConversationId, DstFldId, MoveAlways). The store keeps no index by
    /// conversation, so the move is not performed and the client is told so.
    private static WbxmlElement MoveConversation(WbxmlElement op)
    {
        var result = new WbxmlElement(Ns, "Move", StatusElement(ItemOperationsStatus.ServerError));
        if (op.Element(Ns, "ConversationId") is { } id)
            result.Add(new WbxmlElement(Ns, "ConversationId") { Opaque = id.Opaque, Text = id.Opaque is null ? id.Text : null });
        return result;
    }

    private static WbxmlElement StatusElement(int status) => new(Ns, "Status", status.ToString(CultureInfo.InvariantCulture));
}
