using Bourse.Core.Ids;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// What one write operation sees and leaves behind: the writer's connection inside the batch transaction, and the effects
/// (notifications, blob files to delete) that only apply once the batch has committed.
/// </summary>
internal sealed class WriteContext(SqliteSession session, TimeProvider time)
{
    public SqliteSession Session { get; } = session;

    public TimeProvider Time { get; } = time;

    public Dictionary<MailboxId, TouchedMailbox> Touched { get; } = [];

    public List<string> FilesToDeleteAfterCommit { get; } = [];

    /// <summary>True when the operation queued search-index work, so the indexer should wake after commit.</summary>
    public bool SearchWork { get; set; }

    public TouchedMailbox Touch(MailboxId mailbox, long changeNumber, long? folder, bool hierarchy = false)
    {
        if (!Touched.TryGetValue(mailbox, out var t))
            Touched[mailbox] = t = new TouchedMailbox();
        t.ChangeNumber = Math.Max(t.ChangeNumber, changeNumber);
        if (folder is { } f)
            t.Folders.Add(f);
        t.Hierarchy |= hierarchy;
        return t;
    }

    internal sealed class TouchedMailbox
    {
        public long ChangeNumber;
        public bool Hierarchy;
        public bool Created;
        public bool Deleted;
        public HashSet<long> Folders { get; init; } = [];

        public TouchedMailbox Clone() => new() { ChangeNumber = ChangeNumber, Hierarchy = Hierarchy, Created = Created, Deleted = Deleted, Folders = [.. Folders] };
    }
}
