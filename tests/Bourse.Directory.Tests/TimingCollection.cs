namespace Bourse.Directory.Tests;

/// <summary>Tests that compare durations run alone, so the other tests' threads do not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
