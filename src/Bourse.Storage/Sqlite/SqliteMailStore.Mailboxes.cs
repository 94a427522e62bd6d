using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    private const string MailboxInfoColumns = "guid, replica, last_cn, used_bytes, item_count, quota_warn, quota_send, quota_receive, created";

    public ValueTask<StoreResult<MailboxInfo>> CreateMailboxAsync(MailboxId mailbox, MailboxQuota? quota = null, CancellationToken ct = default)
    {
        quota ??= MailboxQuota.Unlimited;
        return WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not null)
                return Fail<MailboxInfo>(StoreError.AlreadyExists, "The mailbox already exists.");
            var replica = Guid.NewGuid();
            var now = ctx.Time.GetUtcNow().UtcDateTime;
            var mbx = ctx.Session.Command("""
                INSERT INTO mailboxes(guid, replica, last_cn, next_id, used_bytes, item_count, quota_warn, quota_send, quota_receive, created)
                VALUES($g, $r, 0, 0, 0, 0, $qw, $qs, $qr, $t) RETURNING mbx
                """).With("$g", mailbox.Value.ToByteArray()).With("$r", replica.ToByteArray()).With("$qw", quota.IssueWarningBytes)
                .With("$qs", quota.ProhibitSendBytes).With("$qr", quota.ProhibitReceiveBytes).With("$t", now.Ticks).ScalarInt64()!.Value;
            var row = new MailboxRow(mbx, mailbox, replica);
            var ids = new Dictionary<WellKnownFolder, long>();
            long cn = 0;
            // MS-OXOSFLD 2.2: the special folders every mailbox has, parents first.
            foreach (var def in WellKnownFolders.All)
            {
                var (lastCn, id) = Allocate(ctx, mbx, 1, 1);
                cn = lastCn;
                ids[def.Folder] = id;
                InsertFolder(ctx, row, id, def.Parent is { } p ? ids[p] : null, def.DisplayName, def.ContainerClass, def.Folder, cn, null, now);
            }
            ctx.Touch(mailbox, cn, null, hierarchy: true).Created = true;
            return ReadMailboxInfo(ctx.Session, mailbox)!;
        }, ct);
    }

    public ValueTask<MailboxInfo?> GetMailboxAsync(MailboxId mailbox, CancellationToken ct = default)
    {
        using var lease = _reads.Rent();
        return ValueTask.FromResult(ReadMailboxInfo(lease.Session, mailbox));
    }

    public ValueTask<bool> DeleteMailboxAsync(MailboxId mailbox, CancellationToken ct = default) =>
        WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not { } mb)
                return false;
            var s = ctx.Session;
            var lastCn = s.Command("SELECT last_cn FROM mailboxes WHERE mbx = $m").With("$m", mb.Mbx).ScalarInt64() ?? 0;
            // The mailbox's blobs are those its items and attachments reference (copies share blobs only within a mailbox).
            const string blobsOfMailbox = """
                SELECT mime_blob FROM items WHERE mbx = $m AND mime_blob IS NOT NULL
                UNION SELECT a.blob FROM attachments a JOIN items i ON a.item = i.rid WHERE i.mbx = $m AND a.blob IS NOT NULL
                """;
            using (var r = s.Command($"SELECT path FROM blobs WHERE path IS NOT NULL AND id IN ({blobsOfMailbox})").With("$m", mb.Mbx).ExecuteReader())
            {
                while (r.Read())
                    ctx.FilesToDeleteAfterCommit.Add(r.GetString(0));
            }
            foreach (var sql in (string[])[
                $"DELETE FROM blobs WHERE id IN ({blobsOfMailbox})",
                "INSERT INTO fts_queue(rid, op) SELECT rid, 0 FROM items WHERE mbx = $m",
                "DELETE FROM attachments WHERE item IN (SELECT rid FROM items WHERE mbx = $m)",
                "DELETE FROM items WHERE mbx = $m",
                "DELETE FROM tombstones WHERE mbx = $m",
                "DELETE FROM folders WHERE mbx = $m",
                "DELETE FROM folder_tombstones WHERE mbx = $m",
                "DELETE FROM states WHERE mbx = $m",
                "DELETE FROM mailboxes WHERE mbx = $m"])
            {
                s.Command(sql).With("$m", mb.Mbx).ExecuteNonQuery();
            }
            ctx.SearchWork = true;
            // Wake long-polls so they find the mailbox gone.
            ctx.Touch(mailbox, lastCn + 1, null, hierarchy: true).Deleted = true;
            return true;
        }, static ok => !ok, ct);

    public ValueTask<StoreResult<MailboxInfo>> SetQuotaAsync(MailboxId mailbox, MailboxQuota quota, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quota);
        return WriteAsync(ctx =>
        {
            var n = ctx.Session.Command("UPDATE mailboxes SET quota_warn = $qw, quota_send = $qs, quota_receive = $qr WHERE guid = $g")
                .With("$g", mailbox.Value.ToByteArray()).With("$qw", quota.IssueWarningBytes).With("$qs", quota.ProhibitSendBytes)
                .With("$qr", quota.ProhibitReceiveBytes).ExecuteNonQuery();
            return n == 0
                ? Fail<MailboxInfo>(StoreError.MailboxNotFound, "No such mailbox.")
                : StoreResult<MailboxInfo>.Ok(ReadMailboxInfo(ctx.Session, mailbox)!);
        }, ct);
    }

    private static MailboxInfo? ReadMailboxInfo(SqliteSession session, MailboxId mailbox)
    {
        using var r = session.Command($"SELECT {MailboxInfoColumns} FROM mailboxes WHERE guid = $g").With("$g", mailbox.Value.ToByteArray()).ExecuteReader();
        return r.Read() ? ReadMailboxInfo(r) : null;
    }

    private static MailboxInfo ReadMailboxInfo(SqliteDataReader r) => new(
        new MailboxId(new Guid(r.GetFieldValue<byte[]>(0))),
        new Guid(r.GetFieldValue<byte[]>(1)),
        r.GetInt64(2),
        r.GetInt64(3),
        (int)Math.Min(int.MaxValue, r.GetInt64(4)),
        new MailboxQuota(r.GetNullableInt64(5), r.GetNullableInt64(6), r.GetNullableInt64(7)),
        new DateTime(r.GetInt64(8), DateTimeKind.Utc));
}
