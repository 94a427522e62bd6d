namespace Bourse.Server.Tests.Infrastructure;

/// <summary>The test classes that share one <see cref="LiveServer"/> (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class LiveServerCollection : ICollectionFixture<LiveServer>
{
    public const string Name = "live bourse server";
}
