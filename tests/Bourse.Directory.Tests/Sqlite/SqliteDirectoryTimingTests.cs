using System.Diagnostics;
using Bourse.Directory.Passwords;

namespace Bourse.Directory.Tests.Sqlite;

/// <summary>A failed sign-in must not reveal, by its duration, whether the login exists or is usable.</summary>
[Collection(TimingCollection.Name)]
public sealed class SqliteDirectoryTimingTests
{
    // One-sided and loose (×4), each side the fastest of several runs: a failure path that skips the slow hash is tens
    // of times faster; a slower one reveals nothing, so scheduling noise on a busy machine cannot fail the test.
    private const double Tolerance = 4;

    [Fact]
    public void TheDummyVerificationCostsAboutAsMuchAsARealOne()
    {
        var hasher = new PasswordHasher(50_000);
        var stored = hasher.Hash("correct horse");

        var real = Fastest(() => hasher.Verify(stored, "wrong horse"));
        var dummy = Fastest(() => hasher.VerifyDummy("wrong horse"));

        Assert.True(dummy >= real / Tolerance, $"{dummy:F1} ms vs {real:F1} ms: a failure this much faster reveals the login");
    }

    [Fact]
    public async Task UnknownDisabledAndMalformedLoginsCostAboutAsMuchAsAWrongPassword()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync(50_000);
        await directory.CreateUserAsync(new("alice@contoso.com") { Password = "correct horse" });
        await directory.CreateUserAsync(new("bob@contoso.com") { Password = "bobs password" });
        await directory.CreateUserAsync(new("carol@contoso.com"));
        await directory.SetUserEnabledAsync("bob@contoso.com", false);

        var wrongPassword = await FastestAsync(() => directory.AuthenticateAsync("alice@contoso.com", "wrong password"));
        var unknownUser = await FastestAsync(() => directory.AuthenticateAsync("nobody@contoso.com", "wrong password"));
        var disabledUser = await FastestAsync(() => directory.AuthenticateAsync("bob@contoso.com", "bobs password"));
        var noPassword = await FastestAsync(() => directory.AuthenticateAsync("carol@contoso.com", "anything at all"));
        var malformed = await FastestAsync(() => directory.AuthenticateAsync("nobody", "wrong password"));

        Assert.True(unknownUser >= wrongPassword / Tolerance, $"{unknownUser:F1} ms vs {wrongPassword:F1} ms: a failure this much faster reveals the login");
        Assert.True(disabledUser >= wrongPassword / Tolerance, $"{disabledUser:F1} ms vs {wrongPassword:F1} ms: a failure this much faster reveals the login");
        Assert.True(noPassword >= wrongPassword / Tolerance, $"{noPassword:F1} ms vs {wrongPassword:F1} ms: a failure this much faster reveals the login");
        Assert.True(malformed >= wrongPassword / Tolerance, $"{malformed:F1} ms vs {wrongPassword:F1} ms: a failure this much faster reveals the login");
    }

    private static double Fastest(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        return best;
    }

    private static async Task<double> FastestAsync(Func<ValueTask<DirectoryUser?>> attempt)
    {
        Assert.Null(await attempt());
        var best = double.MaxValue;
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.Null(await attempt());
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        return best;
    }
}
