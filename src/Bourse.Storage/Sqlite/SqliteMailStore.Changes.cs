using Bourse.Core.Ids;
using Bourse.Core.Model;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    private const int MaxChangesPerCall = 10_000;

    public ValueTask<ChangeSet> GetChangesAsync(MailboxId mailbox, ChangeQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var lease = _reads.Rent();
        var s = lease.Session;
        return ValueTask.FromResult(InReadTransaction(s, () =>
        {
            var since = Math.Max(0, query.SinceChangeNumber);
            long mbx, lastCn;
            using (var r = WithMailbox(s.Command("SELECT mbx, last_cn FROM mailboxes WHERE guid = $g"), mailbox).ExecuteReader())
            {
                if (!r.Read())
                    return new ChangeSet([], since, false);
                (mbx, lastCn) = (r.GetInt64(0), r.GetInt64(1));
            }
            var max = Math.Clamp(query.MaxChanges, 1, MaxChangesPerCall);
            var inFolder = query.Folder is null ? "" : " AND i.folder = $f";
            // Three streams, each read in index order: items that entered after `since` (positioned at the change number
            // at which they entered, reported once with their current state), items that were there and changed since
            // (positioned at their last change), and tombstones. Positions are distinct change numbers, so the merge is
            // a total order and a page can end anywhere; the next page asks from the last position returned. Placing a
            // creation at its entry number means a client paging from an old number still gets "created" for an item
            // that was created and then edited later, not a "modified" for an item it never saw.
            var created = ReadLive(s, $"""
                SELECT i.created_cn, {ItemRow.SummaryColumns} FROM items i
                WHERE i.mbx = $m{inFolder} AND i.created_cn > $s ORDER BY i.created_cn LIMIT $n
                """, mbx, query.Folder, since, max + 1, ChangeKind.Created);
            var modified = ReadLive(s, $"""
                SELECT i.cn, {ItemRow.SummaryColumns} FROM items i
                WHERE i.mbx = $m{inFolder} AND i.cn > i.created_cn AND i.cn > $s AND i.created_cn <= $s ORDER BY i.cn LIMIT $n
                """, mbx, query.Folder, since, max + 1, ChangeKind.Modified);
            var gone = new List<ItemChange>();
            // A tombstone matters only if the item was in that folder at `since`; one that entered and left after it never existed for the client.
            using (var r = s.Command($"""
                SELECT i.folder, i.item, i.cn FROM tombstones i WHERE i.mbx = $m{inFolder} AND i.cn > $s AND i.entered_cn <= $s ORDER BY i.cn LIMIT $n
                """).With("$m", mbx).With("$f", query.Folder?.Value).With("$s", since).With("$n", max + 1).ExecuteReader())
            {
                while (r.Read())
                    gone.Add(new ItemChange(ChangeKind.Deleted, new ItemId(r.GetInt64(1)), new FolderId(r.GetInt64(0)), r.GetInt64(2), null));
            }
            var merged = created.Concat(modified).Concat(gone).OrderBy(c => c.ChangeNumber).Take(max + 1).ToList();
            if (merged.Count > max)
            {
                merged.RemoveAt(merged.Count - 1);
                return new ChangeSet(merged, merged[^1].ChangeNumber, MoreAvailable: true);
            }
            return new ChangeSet(merged, Math.Max(lastCn, since), MoreAvailable: false);
        }));
    }

    private static List<ItemChange> ReadLive(SqliteSession s, string sql, long mbx, FolderId? folder, long since, int limit, ChangeKind kind)
    {
        var list = new List<ItemChange>();
        using var r = s.Command(sql).With("$m", mbx).With("$f", folder?.Value).With("$s", since).With("$n", limit).ExecuteReader();
        while (r.Read())
        {
            var summary = ItemRow.ReadSummary(r, 1);
            list.Add(new ItemChange(kind, summary.Id, summary.FolderId, r.GetInt64(0), summary));
        }
        return list;
    }

    public ValueTask<FolderChangeSet> GetFolderChangesAsync(MailboxId mailbox, long sinceChangeNumber, CancellationToken ct = default)
    {
        using var lease = _reads.Rent();
        var s = lease.Session;
        return ValueTask.FromResult(InReadTransaction(s, () =>
        {
            var since = Math.Max(0, sinceChangeNumber);
            long mbx, lastCn;
            using (var r = WithMailbox(s.Command("SELECT mbx, last_cn FROM mailboxes WHERE guid = $g"), mailbox).ExecuteReader())
            {
                if (!r.Read())
                    return new FolderChangeSet([], since);
                (mbx, lastCn) = (r.GetInt64(0), r.GetInt64(1));
            }
            var changes = new List<(FolderChange Change, long? Parent)>();
            using (var r = s.Command($"SELECT f.created_cn, {FolderColumns} FROM folders f WHERE f.mbx = $m AND f.cn > $s ORDER BY f.cn")
                .With("$m", mbx).With("$s", since).ExecuteReader())
            {
                while (r.Read())
                {
                    var folder = ReadFolder(r, 1);
                    var kind = r.GetInt64(0) > since ? ChangeKind.Created : ChangeKind.Modified;
                    changes.Add((new FolderChange(kind, folder.Id, folder.ChangeNumber, folder), folder.ParentId?.Value));
                }
            }
            using (var r = s.Command("SELECT id, cn FROM folder_tombstones WHERE mbx = $m AND cn > $s AND created_cn <= $s ORDER BY cn")
                .With("$m", mbx).With("$s", since).ExecuteReader())
            {
                while (r.Read())
                    changes.Add((new FolderChange(ChangeKind.Deleted, new FolderId(r.GetInt64(0)), r.GetInt64(1), null), null));
            }
            changes.Sort((x, y) => x.Change.ChangeNumber.CompareTo(y.Change.ChangeNumber));
            // A new folder's parent is announced before it, even when the parent was renamed (re-numbered) afterwards.
            var ordered = ParentsFirst(changes, c => c.Change.Folder.Value, c => c.Change.Kind == ChangeKind.Created ? c.Parent : null);
            return new FolderChangeSet(ordered.Select(c => c.Change).ToList(), Math.Max(lastCn, since));
        }));
    }
}
