using Bourse.Core.Ids;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// What one write operation sees and leaves behind: the writer's connection inside the batch transaction, and the effects
/// (notifications, blob files to delete) that only apply once the batch has committed.
/// </summary>
internal sealed class WriteContext(SqliteSession session, TimeProvider time)
{
    private int _savepoints;

    public SqliteSession Session { get; } = session;

    public TimeProvider Time { get; } = time;

    public Dictionary<MailboxId, TouchedMailbox> Touched { get; } = [];

    public List<string> FilesToDeleteAfterCommit { get; } = [];

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

    /// <summary>Runs <paramref name="body"/> under its own savepoint: an exception or a failure result undoes only its writes.</summary>
    public T Isolated<T>(Func<T> body, Func<T, bool> isFailure)
    {
        var name = "s" + (++_savepoints).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var touched = Touched.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var files = FilesToDeleteAfterCommit.Count;
        Session.Execute("SAVEPOINT " + name);
        try
        {
            var result = body();
            if (isFailure(result))
            {
                Session.Execute("ROLLBACK TO " + name);
                Restore(touched, files);
            }
            Session.Execute("RELEASE " + name);
            return result;
        }
        catch
        {
            Session.Execute("ROLLBACK TO " + name);
            Session.Execute("RELEASE " + name);
            Restore(touched, files);
            throw;
        }
    }

    private void Restore(Dictionary<MailboxId, TouchedMailbox> touched, int files)
    {
        Touched.Clear();
        foreach (var kv in touched)
            Touched[kv.Key] = kv.Value;
        FilesToDeleteAfterCommit.RemoveRange(files, FilesToDeleteAfterCommit.Count - files);
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
