namespace Bourse.Storage.Sqlite;

/// <summary>
/// What the store's two serial workers have done since open: the mail writer (busy time, group commits, operations) and
/// the search indexer (busy time, queue entries applied). Busy time over wall time is each worker's utilisation.
/// </summary>
public sealed record SqliteStoreStatistics(TimeSpan WriterBusy, long Commits, long Operations, TimeSpan IndexerBusy, long IndexEntriesApplied)
{
    /// <summary>CPU time of the writer thread (busy time less fsync waits and time descheduled).</summary>
    public TimeSpan WriterCpu { get; init; }

    /// <summary>CPU time of the indexer thread.</summary>
    public TimeSpan IndexerCpu { get; init; }
}
