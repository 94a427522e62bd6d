namespace Bourse.Storage.Sqlite;

/// <summary>
/// The database layout. Ids and change numbers are per mailbox; <c>mbx</c> is the mailbox's row number (never reused).
/// Created on first open and upgraded in place inside one IMMEDIATE transaction: each version's script is kept as it
/// shipped, a new database runs them all, an older one the ones it lacks, and PRAGMA user_version records where it stands.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 2;

    /// <summary>The script that takes the schema from version <c>i</c> to <c>i + 1</c> (0 is an empty database).</summary>
    public static readonly string[] Upgrades = [CreateV1, MigrateV1ToV2];

    /// <summary>The version 1 schema as it shipped (internal so tests can build a version 1 database to upgrade).</summary>
    internal const string CreateV1 = """
        CREATE TABLE IF NOT EXISTS mailboxes(
            mbx INTEGER PRIMARY KEY AUTOINCREMENT,
            guid BLOB NOT NULL UNIQUE,
            replica BLOB NOT NULL,
            last_cn INTEGER NOT NULL,
            next_id INTEGER NOT NULL,
            used_bytes INTEGER NOT NULL DEFAULT 0,
            item_count INTEGER NOT NULL DEFAULT 0,
            quota_warn INTEGER, quota_send INTEGER, quota_receive INTEGER,
            created INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS folders(
            mbx INTEGER NOT NULL,
            id INTEGER NOT NULL,
            parent INTEGER,
            display_name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            container_class TEXT,
            well_known INTEGER,
            created_cn INTEGER NOT NULL,
            cn INTEGER NOT NULL,
            props BLOB NOT NULL,
            total_count INTEGER NOT NULL DEFAULT 0,
            unread_count INTEGER NOT NULL DEFAULT 0,
            modified INTEGER NOT NULL,
            PRIMARY KEY(mbx, id)) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS folders_name ON folders(mbx, parent, name_key);
        CREATE INDEX IF NOT EXISTS folders_cn ON folders(mbx, cn);

        CREATE TABLE IF NOT EXISTS folder_tombstones(
            mbx INTEGER NOT NULL,
            cn INTEGER NOT NULL,
            id INTEGER NOT NULL,
            created_cn INTEGER NOT NULL,
            PRIMARY KEY(mbx, cn, id)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS items(
            rid INTEGER PRIMARY KEY AUTOINCREMENT,
            mbx INTEGER NOT NULL,
            id INTEGER NOT NULL,
            folder INTEGER NOT NULL,
            created_cn INTEGER NOT NULL,
            cn INTEGER NOT NULL,
            message_class TEXT NOT NULL COLLATE NOCASE,
            subject TEXT NOT NULL COLLATE NOCASE,
            sender_name TEXT COLLATE NOCASE,
            sender_address TEXT COLLATE NOCASE,
            received INTEGER NOT NULL,
            is_read INTEGER NOT NULL,
            flag_status INTEGER NOT NULL,
            importance INTEGER NOT NULL,
            has_attachments INTEGER NOT NULL,
            size INTEGER NOT NULL,
            start_time INTEGER,
            end_time INTEGER,
            props BLOB NOT NULL,
            recipients BLOB,
            mime_blob INTEGER,
            search_text TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS items_id ON items(mbx, id);
        -- Items changed after they entered their folder (cn > created_cn), in change order: the "modified" stream of
        -- GetChangesAsync. Partial, so a delivery or a move (which enters with cn = created_cn) writes no entry here, and
        -- a sync from an old position scans only items modified since, not every item that arrived since.
        DROP INDEX IF EXISTS items_cn;
        DROP INDEX IF EXISTS items_f_cn;
        CREATE INDEX IF NOT EXISTS items_mod ON items(mbx, cn) WHERE cn > created_cn;
        CREATE INDEX IF NOT EXISTS items_f_mod ON items(mbx, folder, cn) WHERE cn > created_cn;
        CREATE INDEX IF NOT EXISTS items_created ON items(mbx, created_cn);
        CREATE INDEX IF NOT EXISTS items_f_created ON items(mbx, folder, created_cn);
        CREATE INDEX IF NOT EXISTS items_f_received ON items(mbx, folder, received, id);
        CREATE INDEX IF NOT EXISTS items_f_importance ON items(mbx, folder, importance, id);
        CREATE INDEX IF NOT EXISTS items_f_read ON items(mbx, folder, is_read, id);
        CREATE INDEX IF NOT EXISTS items_f_flag ON items(mbx, folder, flag_status, id);
        CREATE INDEX IF NOT EXISTS items_f_start ON items(mbx, folder, start_time, id);

        CREATE TABLE IF NOT EXISTS tombstones(
            mbx INTEGER NOT NULL,
            cn INTEGER NOT NULL,
            folder INTEGER NOT NULL,
            item INTEGER NOT NULL,
            entered_cn INTEGER NOT NULL,
            PRIMARY KEY(mbx, cn, folder, item)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS tombstones_f_cn ON tombstones(mbx, folder, cn);

        CREATE TABLE IF NOT EXISTS attachments(
            item INTEGER NOT NULL,
            num INTEGER NOT NULL,
            size INTEGER NOT NULL,
            props BLOB NOT NULL,
            blob INTEGER,
            PRIMARY KEY(item, num)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS blobs(
            id INTEGER PRIMARY KEY,
            mbx INTEGER NOT NULL,
            size INTEGER NOT NULL,
            refs INTEGER NOT NULL,
            data BLOB,
            path TEXT);
        CREATE INDEX IF NOT EXISTS blobs_mbx ON blobs(mbx);
        CREATE INDEX IF NOT EXISTS blobs_path ON blobs(path) WHERE path IS NOT NULL;

        -- Work for the search indexer (SqliteSearchIndexer), written in the same transaction as the item change:
        -- op 2 = index a new item, 1 = re-index, 0 = remove. rid is never reused (AUTOINCREMENT), so replaying the
        -- queue in seq order always ends in the right state.
        -- Protocol state kept beside the mailbox (IMailStore.GetStateAsync): opaque values by key.
        CREATE TABLE IF NOT EXISTS states(
            mbx INTEGER NOT NULL,
            k TEXT NOT NULL,
            v BLOB NOT NULL,
            modified INTEGER NOT NULL,
            PRIMARY KEY(mbx, k)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS fts_queue(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            rid INTEGER NOT NULL,
            op INTEGER NOT NULL);
        """;

    /// <summary>
    /// Version 2: less written per delivery.
    /// <list type="bullet">
    /// <item><c>mime_refs</c>: properties whose value is a byte range of the item's MIME (the plain-text body, the
    /// transport headers, an 8-bit HTML part) are kept only there, as references (<see cref="MimeRefs"/>), instead of
    /// twice; readers get them back from the MIME. Existing rows keep their full bags (NULL refs).</item>
    /// <item>Importance, flag and start-time sorts were each an index written by every delivery for sorts rarely asked
    /// for: importance is now sorted at query time like subject, sender and size; the flag and start-time indexes keep
    /// only flagged and timed items (what the flag filter and calendar range queries read), so mail arriving unflagged
    /// and without a start time writes no entry in them.</item>
    /// <item>No <c>blobs(mbx)</c> index, another page every delivery wrote: deleting a mailbox finds its blobs through its
    /// items and attachments, which reference every blob it has.</item>
    /// </list>
    /// </summary>
    internal const string MigrateV1ToV2 = """
        ALTER TABLE items ADD COLUMN mime_refs BLOB;
        DROP INDEX IF EXISTS items_f_importance;
        DROP INDEX IF EXISTS items_f_flag;
        DROP INDEX IF EXISTS items_f_start;
        CREATE INDEX IF NOT EXISTS items_f_flagged ON items(mbx, folder, flag_status, id) WHERE flag_status <> 0;
        CREATE INDEX IF NOT EXISTS items_f_timed ON items(mbx, folder, start_time, id) WHERE start_time IS NOT NULL;
        DROP INDEX IF EXISTS blobs_mbx;
        """;

    /// <summary>
    /// FTS5 settings for mail (kept in the index's own config table; set on every open). Mail text has a large
    /// vocabulary: with FTS5's defaults (1 MB of pending terms, a merge whenever 4 segments of a level exist) a batch of
    /// 2,000 mail-like bodies was flushed as many small segments that were merged again and again, and indexing cost
    /// 250–300 µs a message against ~55 µs for a 13-word test text. Up to 32 MB of pending terms (a batch of 2,000 10 kB
    /// messages becomes one segment) and merging 16 segments at a time cut that by more than half; a term lookup stays
    /// well under a millisecond.
    /// </summary>
    public const string TuneSearch = """
        INSERT INTO items_fts(items_fts, rank) VALUES('hashsize', 33554432);
        INSERT INTO items_fts(items_fts, rank) VALUES('automerge', 16);
        """;

    /// <summary>
    /// The full-text index lives in its own database file (search.db) so that indexing has its own write lock and runs on
    /// its own core, in large batches, beside the mail writer. <c>cursor</c> is the last fts_queue seq applied, committed
    /// in the same transaction as the index changes, so a crash never loses or repeats index work.
    /// </summary>
    public const string CreateSearch = """
        CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
            mb, subject, body, sender,
            content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE IF NOT EXISTS search_state(k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO search_state(k, v) VALUES('cursor', 0);
        """;
}
