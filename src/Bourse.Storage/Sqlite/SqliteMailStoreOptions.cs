namespace Bourse.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store. Files live in <c>{DataDirectory}/store/mailstore.db</c>, <c>store/search.db</c> (the full-text index) and <c>store/blobs/</c>.</summary>
public sealed record SqliteMailStoreOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>Items whose MIME or total size exceed this are refused with MessageTooLarge before anything is written.</summary>
    public long MaxMessageBytes { get; init; } = 150L * 1024 * 1024;

    /// <summary>Blobs up to this size are kept inside the database; larger ones are files under blobs/.</summary>
    public int InlineBlobThresholdBytes { get; init; } = 256 * 1024;

    /// <summary>Clock for creation and modification times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Most queued write operations committed in one transaction (group commit).</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>How often the database is checked for commits made by another process (the CLI) to raise their notifications.</summary>
    public TimeSpan ExternalChangePollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long SQLite waits for another process's write lock before giving up.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Blob files unreferenced by the database and older than this are deleted at open (left by a crash between write and commit).</summary>
    public TimeSpan OrphanBlobMinAge { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Read connections kept open for reuse.</summary>
    public int MaxPooledReadConnections { get; init; } = 64;

    /// <summary>Most queued search-index operations applied in one transaction of the (asynchronous) indexer.</summary>
    public int SearchIndexBatchSize { get; init; } = 2000;

    /// <summary>How long a search waits for the indexer to apply the writes committed before it, before searching anyway.</summary>
    public TimeSpan SearchCatchUpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Notification bus to publish on; a private <see cref="MailboxNotifier"/> when null.</summary>
    public IMailboxNotifier? Notifier { get; init; }
}
