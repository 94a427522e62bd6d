using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Mailbox;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// SendMail (MS-ASCMD 2.2.1.17): sends a message the device composed.
internal sealed class SendMailHandler(IMailStore store, ISubmission submission, EasStateStore state, TimeProvider time)
    : ComposeMailHandler(store, submission, state, time)
{
    public override EasCommand Command => EasCommand.SendMail;

    protected override ComposeKind Kind => ComposeKind.Send;
}
