using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Mailbox;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// SmartReply (MS-ASCMD 2.2.1.20): sends a reply; the server appends the quoted original unless ReplaceMime.
internal sealed class SmartReplyHandler(IMailStore store, ISubmission submission, EasStateStore state, TimeProvider time)
    : ComposeMailHandler(store, submission, state, time)
{
    public override EasCommand Command => EasCommand.SmartReply;

    protected override ComposeKind Kind => ComposeKind.Reply;
}
