using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Mailbox;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// SmartForward (MS-ASCMD 2.2.1.19): forwards a message; the server appends the original and its attachments unless ReplaceMime.
internal sealed class SmartForwardHandler(IMailStore store, ISubmission submission, EasStateStore state, TimeProvider time)
    : ComposeMailHandler(store, submission, state, time)
{
    public override EasCommand Command => EasCommand.SmartForward;

    protected override ComposeKind Kind => ComposeKind.Forward;
}
