namespace Bourse.Storage.Sqlite;

/// <summary>Search-index work queued in fts_queue, applied by <see cref="SqliteSearchIndexer"/>.</summary>
internal enum SearchOp
{
    Remove = 0,
    Reindex = 1,
    Add = 2,
}
