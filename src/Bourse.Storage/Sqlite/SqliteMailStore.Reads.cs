using System.Text;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    private const int MaxPageSize = 1000;

    public ValueTask<Item?> GetItemAsync(MailboxId mailbox, ItemId item, CancellationToken ct = default)
    {
        using var lease = _reads.Rent();
        var s = lease.Session;
        return ValueTask.FromResult(InReadTransaction(s, () =>
        {
            var mbx = MailboxRowNumber(s, mailbox);
            return mbx is null ? null : ReadItem(s, _files, mbx.Value, item.Value);
        }));
    }

    public ValueTask<ItemPage> ListItemsAsync(MailboxId mailbox, FolderId folder, ItemQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var lease = _reads.Rent();
        var s = lease.Session;
        return ValueTask.FromResult(InReadTransaction(s, () =>
        {
            long mbx, total;
            using (var r = WithMailbox(s.Command($"SELECT f.mbx, f.total_count FROM folders f WHERE f.mbx = {MailboxOfGuid} AND f.id = $f"), mailbox)
                .With("$f", folder.Value).ExecuteReader())
            {
                if (!r.Read())
                    return new ItemPage([], 0);
                (mbx, total) = (r.GetInt64(0), r.GetInt64(1));
            }
            var filter = new FilterSql(query.Filter);
            if (!filter.IsEmpty)
                total = filter.Bind(s.Command($"SELECT COUNT(*) FROM items i WHERE i.mbx = $m AND i.folder = $f{filter.Sql}")).With("$m", mbx).With("$f", folder.Value).ScalarInt64() ?? 0;
            var limit = Math.Clamp(query.Limit, 0, MaxPageSize);
            if (limit == 0)
                return new ItemPage([], (int)total);
            var dir = query.Descending ? "DESC" : "ASC";
            var column = SortColumn(query.SortBy);
            // Change numbers are unique within a mailbox (each entry into a folder takes its own), so those sorts need no tie-breaker.
            var order = query.SortBy is ItemSortField.ChangeNumber or ItemSortField.EntryOrder ? $"{column} {dir}" : $"{column} {dir}, i.id {dir}";
            var sql = $"SELECT {ItemRow.SummaryColumns} FROM items i WHERE i.mbx = $m AND i.folder = $f{filter.Sql} ORDER BY {order} LIMIT $l OFFSET $o";
            var cmd = filter.Bind(s.Command(sql)).With("$m", mbx).With("$f", folder.Value).With("$l", limit).With("$o", Math.Max(0, query.Offset));
            return new ItemPage(ReadSummaries(cmd), (int)total);
        }));
    }

    public async ValueTask<ItemPage> SearchAsync(MailboxId mailbox, SearchQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Indexing is asynchronous (SqliteSearchIndexer); wait until it has applied every write committed so far, so a
        // search sees what the caller just wrote. If it cannot catch up in time, search the index as it is.
        long head;
        using (var probe = _reads.Rent())
            head = probe.Session.Command("SELECT COALESCE(MAX(seq), 0) FROM fts_queue").ScalarInt64() ?? 0;
        if (head > _indexer.IndexedThrough)
            await _indexer.WaitForAsync(head, _options.SearchCatchUpTimeout, ct).ConfigureAwait(false);

        using var lease = _reads.Rent();
        var s = lease.Session;
        return InReadTransaction(s, () =>
        {
            if (MailboxRowNumber(s, mailbox) is not { } mbx || FtsQueryBuilder.Build(query.Text, mbx) is not { } match)
                return new ItemPage([], 0);
            var filter = new FilterSql(query.Filter);
            var where = "items_fts MATCH $q AND i.mbx = $m" + (query.Folder is null ? "" : " AND i.folder = $f") + filter.Sql;
            const string from = " FROM search.items_fts JOIN items i ON i.rid = items_fts.rowid WHERE ";
            try
            {
                var total = filter.Bind(s.Command($"SELECT COUNT(*) FROM (SELECT 1{from}{where} LIMIT {SearchQuery.TotalCap})")).With("$q", match)
                    .With("$m", mbx).With("$f", query.Folder?.Value).ScalarInt64() ?? 0;
                var limit = Math.Clamp(query.Limit, 0, MaxPageSize);
                if (limit == 0 || total == 0)
                    return new ItemPage([], (int)total);
                // FTS5 walks its doclists in descending rowid order natively, so the newest matches come first and the
                // query stops after the page instead of sorting every match (rid grows as items enter the mailbox).
                var cmd = filter.Bind(s.Command($"SELECT {ItemRow.SummaryColumns}{from}{where} ORDER BY items_fts.rowid DESC LIMIT $l OFFSET $o"))
                    .With("$q", match).With("$m", mbx).With("$f", query.Folder?.Value).With("$l", limit).With("$o", Math.Max(0, query.Offset));
                return new ItemPage(ReadSummaries(cmd), (int)total);
            }
            catch (SqliteException)
            {
                // User text is quoted into plain terms; should FTS still reject it, the search finds nothing rather than failing.
                return new ItemPage([], 0);
            }
        });
    }

    public ValueTask<Stream?> OpenMimeAsync(MailboxId mailbox, ItemId item, CancellationToken ct = default)
    {
        using var lease = _reads.Rent();
        using var r = WithMailbox(lease.Session.Command($"""
            SELECT b.data, b.path FROM items i JOIN blobs b ON b.id = i.mime_blob WHERE i.mbx = {MailboxOfGuid} AND i.id = $id
            """), mailbox).With("$id", item.Value).ExecuteReader();
        return ValueTask.FromResult(r.Read() ? OpenBlob(r, 0) : null);
    }

    public ValueTask<Stream?> OpenAttachmentAsync(MailboxId mailbox, ItemId item, int attachNumber, CancellationToken ct = default)
    {
        using var lease = _reads.Rent();
        using var r = WithMailbox(lease.Session.Command($"""
            SELECT a.blob, b.data, b.path FROM items i JOIN attachments a ON a.item = i.rid LEFT JOIN blobs b ON b.id = a.blob
            WHERE i.mbx = {MailboxOfGuid} AND i.id = $id AND a.num = $n
            """), mailbox).With("$id", item.Value).With("$n", attachNumber).ExecuteReader();
        if (!r.Read())
            return ValueTask.FromResult<Stream?>(null);
        return ValueTask.FromResult(r.IsDBNull(0) ? new MemoryStream([], writable: false) : OpenBlob(r, 1));
    }

    /// <summary>Inline blobs (at most the inline threshold) come back from memory; file blobs are streamed from disk.</summary>
    private Stream? OpenBlob(SqliteDataReader r, int at) =>
        r.GetNullableString(at + 1) is { } path ? _files.OpenRead(path) : new MemoryStream(r.GetNullableBytes(at) ?? [], writable: false);

    private static Item? ReadItem(SqliteSession s, BlobFileStore files, long mbx, long id)
    {
        if (LoadItem(s, mbx, id) is not { } row)
            return null;
        var bag = row.DecodeBag();
        RestoreMimeRefs(s, files, row, bag);
        var attachments = new List<Attachment>();
        using (var r = s.Command("SELECT num, size, props FROM attachments WHERE item = $r ORDER BY num").With("$r", row.Rid).ExecuteReader())
        {
            while (r.Read())
            {
                var num = (int)r.GetInt64(0);
                var props = DecodeBag(r.GetFieldValue<byte[]>(2), () => new PropertyBag().Set(PropTags.AttachNumber, num));
                attachments.Add(new Attachment(num, r.GetInt64(1), props));
            }
        }
        return new Item(new ItemId(row.Id), new FolderId(row.Folder), row.Cn, bag,
            row.Recipients is { } rec ? RecipientCodec.Deserialize(rec) : [], attachments, row.MimeBlob is not null, row.Size);
    }

    private static long? MailboxRowNumber(SqliteSession s, MailboxId mailbox) =>
        WithMailbox(s.Command("SELECT mbx FROM mailboxes WHERE guid = $g"), mailbox).ScalarInt64();

    private static List<ItemSummary> ReadSummaries(SqliteCommand cmd)
    {
        var list = new List<ItemSummary>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(ItemRow.ReadSummary(r));
        return list;
    }

    /// <summary>Runs several reads on one snapshot (WAL readers see the database as of their first read).</summary>
    private static T InReadTransaction<T>(SqliteSession s, Func<T> read)
    {
        s.Execute("BEGIN");
        try
        {
            return read();
        }
        finally
        {
            s.Execute("COMMIT");
        }
    }

    /// <summary>
    /// Received time, read state and entry order are indexes (mbx, folder, column, id), so their first page is read in index
    /// order without sorting; the other keys are sorted at query time from the folder's rows (docs/design.md, schema
    /// version 2). The id breaks ties so paging is deterministic.
    /// </summary>
    private static string SortColumn(ItemSortField field) => field switch
    {
        ItemSortField.Subject => "i.subject",
        ItemSortField.SenderName => "i.sender_name",
        ItemSortField.Size => "i.size",
        ItemSortField.Importance => "i.importance",
        ItemSortField.IsRead => "i.is_read",
        ItemSortField.FlagStatus => "i.flag_status",
        ItemSortField.StartTime => "i.start_time",
        ItemSortField.ChangeNumber => "i.cn",
        ItemSortField.EntryOrder => "i.created_cn",
        _ => "i.received",
    };

    /// <summary>An <see cref="ItemFilter"/> as SQL over the indexed columns (alias i), with its parameters.</summary>
    private sealed class FilterSql
    {
        private readonly List<(string Name, object? Value)> _parameters = [];

        public FilterSql(ItemFilter? filter)
        {
            var sb = new StringBuilder();
            if (filter is null)
            {
                Sql = "";
                return;
            }
            if (filter.IsRead is { } read)
                Add(sb, " AND i.is_read = $fr", "$fr", read ? 1 : 0);
            if (filter.FlagStatus is { } flag)
            {
                // The flag index holds flagged items only (items_f_flagged … WHERE flag_status <> 0); saying so lets SQLite use it.
                Add(sb, flag == FlagStatus.NotFlagged ? " AND i.flag_status = $ff" : " AND i.flag_status = $ff AND i.flag_status <> 0", "$ff", (int)flag);
            }
            if (filter.HasAttachments is { } att)
                Add(sb, " AND i.has_attachments = $fa", "$fa", att ? 1 : 0);
            if (!string.IsNullOrEmpty(filter.MessageClassPrefix))
            {
                var escaped = filter.MessageClassPrefix.Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
                Add(sb, " AND (i.message_class = $fc OR i.message_class LIKE $fcl ESCAPE '\\')", "$fc", filter.MessageClassPrefix);
                _parameters.Add(("$fcl", escaped + ".%"));
            }
            if (filter.ReceivedOnOrAfterUtc is { } after)
                Add(sb, " AND i.received >= $fra", "$fra", Utc(after).Ticks);
            if (filter.ReceivedBeforeUtc is { } before)
                Add(sb, " AND i.received < $frb", "$frb", Utc(before).Ticks);
            if (filter.RangeStartUtc is not null || filter.RangeEndUtc is not null)
            {
                // [start, end) overlaps [rs, re); an item without an end (or a zero-length one) is the instant at its start.
                var rs = filter.RangeStartUtc is { } a ? Utc(a).Ticks : DateTime.MinValue.Ticks;
                var re = filter.RangeEndUtc is { } b ? Utc(b).Ticks : DateTime.MaxValue.Ticks;
                Add(sb, " AND i.start_time < $fre AND MAX(COALESCE(i.end_time, i.start_time), i.start_time + 1) > $frs", "$fre", re);
                _parameters.Add(("$frs", rs));
            }
            if (!string.IsNullOrEmpty(filter.SenderAddress))
                Add(sb, " AND i.sender_address = $fs", "$fs", filter.SenderAddress);
            Sql = sb.ToString();
        }

        public string Sql { get; }

        public bool IsEmpty => Sql.Length == 0;

        public SqliteCommand Bind(SqliteCommand command)
        {
            foreach (var (name, value) in _parameters)
                command.With(name, value);
            return command;
        }

        private void Add(StringBuilder sb, string sql, string name, object? value)
        {
            sb.Append(sql);
            _parameters.Add((name, value));
        }

        private static DateTime Utc(DateTime d) => d.Kind switch
        {
            DateTimeKind.Local => d.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            _ => d,
        };
    }
}
