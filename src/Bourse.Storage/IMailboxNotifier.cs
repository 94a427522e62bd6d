using Bourse.Core.Ids;

namespace Bourse.Storage;

/// <summary>A committed change in a mailbox: its new highest change number and the folders it touched.</summary>
public sealed record MailboxChange(MailboxId Mailbox, long ChangeNumber, IReadOnlyList<FolderId> Folders, bool HierarchyChanged);

/// <summary>
/// Change notifications, published after commit. Long-polls (EAS Ping, EWS streaming, MAPI NotificationWait, OWA SSE)
/// await <see cref="WaitAsync"/> instead of holding a thread.
/// </summary>
public interface IMailboxNotifier
{
    /// <summary>Completes with the next change of <paramref name="mailbox"/> committed after <paramref name="afterChangeNumber"/>, or immediately if one already was.</summary>
    ValueTask<MailboxChange> WaitAsync(MailboxId mailbox, long afterChangeNumber, CancellationToken ct);

    /// <summary>Calls <paramref name="handler"/> for every change of the mailbox until disposed.</summary>
    IDisposable Subscribe(MailboxId mailbox, Action<MailboxChange> handler);

    void Publish(MailboxChange change);
}
