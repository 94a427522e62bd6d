using Bourse.ActiveSync.Protocol;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// GetAttachment (MS-ASCMD 2.2.1.8): the raw bytes of the attachment the AttachmentName parameter names (its FileReference),
/// with the attachment's Content-Type. Protocol 12.x only: later versions fetch attachments with ItemOperations.
/// </summary>
internal sealed class GetAttachmentHandler(IMailStore store) : IEasCommandHandler
{
    public EasCommand Command => EasCommand.GetAttachment;

    /// The request has no body: everything is on the request line.
    public bool AllowsEmptyBody => true;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        // MS-ASCMD 2.2.1.8: GetAttachment is not supported from 14.0 on (ItemOperations Fetch replaces it); MS-ASHTTP
        // 2.2.2.1.1: 501 is the answer for a command the server does not support.
        if (context.Version >= EasProtocolVersion.V14_0)
            return new EasResult.Http(501);

        var content = await ItemOperationsAttachments.ReadAsync(store, context.Mailbox, context.Line.Parameters.AttachmentName, ct).ConfigureAwait(false);
        // MS-ASHTTP 2.2.2.1.1: 404 — the named attachment is not there (or not the caller's); nothing else is revealed.
        return content is null ? new EasResult.Http(404) : new EasResult.Raw(content.Bytes, content.ContentType);
    }
}
