namespace Bourse.Server.Import;

/// <summary>
/// What an import did: counts, and the first reasons for skipped and bad messages. Reading and committing run at the same
/// time: writers lock the report (the Add methods do).
/// </summary>
internal sealed class ImportReport
{
    public const int MaxListedProblems = 200;

    public int Imported { get; set; }
    public int Skipped { get; set; }
    public int Bad { get; set; }
    public long Bytes { get; set; }
    public bool Cancelled { get; set; }
    public TimeSpan Elapsed { get; set; }
    public List<(string Origin, string Reason)> SkippedReasons { get; } = [];
    public List<(string Origin, string Reason)> BadReasons { get; } = [];
    public Dictionary<string, int> ImportedByFolder { get; } = new(StringComparer.Ordinal);

    public void AddSkipped(string origin, string reason)
    {
        lock (this)
        {
            Skipped++;
            if (SkippedReasons.Count < MaxListedProblems)
                SkippedReasons.Add((origin, reason));
        }
    }

    public void AddBad(string origin, string reason)
    {
        lock (this)
        {
            Bad++;
            if (BadReasons.Count < MaxListedProblems)
                BadReasons.Add((origin, reason));
        }
    }
}
