using System.Diagnostics;
using Bourse.Directory.Passwords;

namespace Bourse.Directory.Tests.Sqlite;

/// <summary>A failed sign-in must not reveal, by its duration, whether the login exists or is usable.</summary>
[Collection(TimingCollection.Name)]
public sealed class SqliteDirectoryTimingTests
{
    // Bounds are loose (×4) and each side is the fastest of several runs: they catch a missing dummy verification
    // (which would be tens of times faster), not scheduling noise.
    private const double Tolerance = 4;

    [Fact]
    public void TheDummyVerificationCostsAboutAsMuchAsARealOne()
    {
        var hasher = new PasswordHasher(50_000);
        var stored = hasher.Hash("correct horse");

        var real = Fastest(() => hasher.Verify(stored, "wrong horse"));
        var dummy = Fastest(() => hasher.VerifyDummy("wrong horse"));

        Assert.InRange(dummy, real / Tolerance, real * Tolerance);
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

        Assert.InRange(unknownUser, wrongPassword / Tolerance, wrongPassword * Tolerance);
        Assert.InRange(disabledUser, wrongPassword / Tolerance, wrongPassword * Tolerance);
        Assert.InRange(noPassword, wrongPassword / Tolerance, wrongPassword * Tolerance);
        Assert.InRange(malformed, wrongPassword / Tolerance, wrongPassword * Tolerance);
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
