using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Mailbox;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// MoveItems (MS-ASCMD 2.2.1.12): moves items between the device's folders, one Response per Move in request order. An
/// item keeps its store id when it moves, so its new ServerId is the destination folder with the same item counter.
/// Moves to the same destination are done in one store call.
/// </summary>
internal sealed class MoveItemsHandler(IMailStore store, MailboxOperations operations) : IEasCommandHandler
{
    private const string Ns = "Move";

    // MS-ASCMD 3.1.5.3 (Limiting Size of Command Requests): at most 1,000 Move elements, Status 103 above.
    private const int MaxMoves = 1000;

    public EasCommand Command => EasCommand.MoveItems;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var moves = request.Children.Where(c => c.Namespace == Ns && c.Name == "Move").ToList();
        if (moves.Count is 0 or > MaxMoves)
            return EasResponses.Status(Command, EasStatus.InvalidXml);

        var folders = (await FolderView.LoadAsync(store, context.Mailbox, ct).ConfigureAwait(false))
            .Select(f => f.Id).ToHashSet();
        var responses = new (string SrcMsgId, int Status, string? DstMsgId)[moves.Count];
        var pending = new List<(int Index, ItemId Item, FolderId Destination)>();
        var moving = new HashSet<ItemId>();
        for (var i = 0; i < moves.Count; i++)
        {
            var move = moves[i];
            var srcMsgId = move.Element(Ns, "SrcMsgId")?.Text ?? "";
            var status = await CheckAsync(context, move, srcMsgId, folders, ct).ConfigureAwait(false);
            if (status.Status != MoveItemsStatus.Success)
            {
                responses[i] = (srcMsgId, status.Status, null);
                continue;
            }

            // MS-ASCMD 2.2.3.177.10: 5, an item cannot be moved to more than one place at a time; the first move of it wins.
            if (!moving.Add(status.Item))
            {
                responses[i] = (srcMsgId, MoveItemsStatus.CannotMove, null);
                continue;
            }

            responses[i] = (srcMsgId, MoveItemsStatus.Success, null);
            pending.Add((i, status.Item, status.Destination));
        }

        foreach (var group in pending.GroupBy(p => p.Destination))
        {
            var batch = group.ToList();
            var results = await operations.MoveItemsAsync(context.Mailbox, batch.ConvertAll(p => p.Item), group.Key, ct).ConfigureAwait(false);
            for (var k = 0; k < batch.Count; k++)
            {
                var (index, _, destination) = batch[k];
                responses[index] = results[k].IsSuccess
                    ? (responses[index].SrcMsgId, MoveItemsStatus.Success, ServerIds.Format(destination, results[k].Value))
                    // The item went away between the check and the move, or the store refused it.
                    : (responses[index].SrcMsgId, results[k].Error == StoreError.NotFound ? MoveItemsStatus.InvalidSource : MoveItemsStatus.CannotMove, null);
            }
        }

        var root = new WbxmlElement(Ns, "MoveItems");
        foreach (var (srcMsgId, status, dstMsgId) in responses)
        {
            // MS-ASCMD 2.2.3.153.5: Response carries SrcMsgId, Status and, after a move, DstMsgId.
            var response = new WbxmlElement(Ns, "Response",
                new WbxmlElement(Ns, "SrcMsgId", srcMsgId),
                new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture)));
            if (dstMsgId is not null)
                response.Add(new WbxmlElement(Ns, "DstMsgId", dstMsgId));
            root.Add(response);
        }

        return new EasResult.Document(root);
    }

    /// The checks of MS-ASCMD 2.2.3.177.10 in the order Exchange applies them: the source folder and item, source equal to
    /// destination, then the destination folder. Only folders the device can see (the IPM subtree) are valid on either side.
    private async ValueTask<(int Status, ItemId Item, FolderId Destination)> CheckAsync(EasRequestContext context, WbxmlElement move,
        string srcMsgId, HashSet<FolderId> folders, CancellationToken ct)
    {
        var srcFldId = move.Element(Ns, "SrcFldId")?.Text;
        var dstFldId = move.Element(Ns, "DstFldId")?.Text;
        if (!FolderView.TryParseServerId(srcFldId, out var source) || !folders.Contains(source) ||
            !ServerIds.TryParse(srcMsgId, out _, out var itemId))
            return (MoveItemsStatus.InvalidSource, default, default);
        if (string.Equals(srcFldId, dstFldId, StringComparison.Ordinal))
            return (MoveItemsStatus.SameSourceAndDestination, default, default);
        if (!FolderView.TryParseServerId(dstFldId, out var destination) || !folders.Contains(destination))
            return (MoveItemsStatus.InvalidDestination, default, default);

        // The item must be where the device says it is: one moved away since is an invalid source (the device resyncs).
        var item = await store.GetItemAsync(context.Mailbox, itemId, ct).ConfigureAwait(false);
        if (item is null || item.FolderId != source)
            return (MoveItemsStatus.InvalidSource, default, default);
        return (MoveItemsStatus.Success, itemId, destination);
    }

    /// MS-ASCMD 2.2.3.177.10: MoveItems Status values.
    internal static class MoveItemsStatus
    {
        /// Invalid source collection ID or item ID (the folder is gone, or the item is no longer in it).
        internal const int InvalidSource = 1;

        /// Invalid destination collection ID.
        internal const int InvalidDestination = 2;

        internal const int Success = 3;

        /// Source and destination collection IDs are the same.
        internal const int SameSourceAndDestination = 4;

        /// The item cannot be moved (the store refused the move, or the request moves it more than once).
        internal const int CannotMove = 5;
    }
}
