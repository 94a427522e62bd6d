using Bourse.Directory.Sqlite;

namespace Bourse.Directory.Tests.Sqlite;

/// <summary>
/// The read cache: this instance's writes are visible to its next read; another instance's (the CLI in another process)
/// after at most <see cref="SqliteDirectoryOptions.ReadCacheRefreshInterval"/>, checked with PRAGMA data_version. The
/// clock is fake, so "not yet" and "now" are exact.
/// </summary>
public sealed class SqliteDirectoryCacheTests
{
    private static readonly TimeSpan Interval = new SqliteDirectoryOptions { DataDirectory = "unused" }.ReadCacheRefreshInterval;

    [Fact]
    public void TheDefaultRefreshIntervalIs250Milliseconds() => Assert.Equal(TimeSpan.FromMilliseconds(250), Interval);

    [Fact]
    public async Task OwnWritesAreVisibleToTheNextReadWithoutWaiting()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var alice = (await directory.CreateUserAsync(new("alice@contoso.com") { Password = "first password" })).Value;

        // Fill every cached lookup, including misses.
        Assert.True((await directory.FindUserByAddressAsync("alice@contoso.com"))!.Enabled);
        Assert.True((await directory.FindUserByLoginAsync("alice@contoso.com"))!.Enabled);
        Assert.True((await directory.GetUserAsync(alice.MailboxId))!.Enabled);
        Assert.True((await directory.FindUserByLegacyDnAsync(alice.LegacyExchangeDn))!.Enabled);
        Assert.Null(await directory.FindUserByAddressAsync("ally@contoso.com"));
        Assert.False(await directory.IsAcceptedDomainAsync("fabrikam.com"));
        Assert.Equal(["contoso.com"], await directory.GetAcceptedDomainsAsync());

        Assert.True((await directory.SetUserEnabledAsync("alice@contoso.com", false)).Value);
        Assert.False((await directory.FindUserByAddressAsync("alice@contoso.com"))!.Enabled);
        Assert.False((await directory.FindUserByLoginAsync("alice@contoso.com"))!.Enabled);
        Assert.False((await directory.GetUserAsync(alice.MailboxId))!.Enabled);
        Assert.False((await directory.FindUserByLegacyDnAsync(alice.LegacyExchangeDn))!.Enabled);

        Assert.True((await directory.AddAliasAsync("alice@contoso.com", "ally@contoso.com")).Value);
        Assert.Equal(alice.MailboxId, (await directory.FindUserByAddressAsync("ally@contoso.com"))!.MailboxId);
        Assert.Equal(["ally@contoso.com"], (await directory.GetUserAsync(alice.MailboxId))!.Aliases);

        await directory.AddAcceptedDomainAsync("fabrikam.com");
        Assert.True(await directory.IsAcceptedDomainAsync("fabrikam.com"));
        Assert.Equal(["contoso.com", "fabrikam.com"], await directory.GetAcceptedDomainsAsync());

        Assert.True((await directory.RemoveUserAsync("alice@contoso.com")).Value);
        Assert.Null(await directory.FindUserByAddressAsync("alice@contoso.com"));
        Assert.Null(await directory.FindUserByAddressAsync("ally@contoso.com"));
        Assert.Null(await directory.FindUserByLoginAsync("alice@contoso.com"));
        Assert.Null(await directory.GetUserAsync(alice.MailboxId));
        Assert.Null(await directory.FindUserByLegacyDnAsync(alice.LegacyExchangeDn));
    }

    [Fact]
    public async Task AnotherProcesssRemovalIsSeenOnceTheRefreshIntervalHasPassed()
    {
        await using var data = new TestDataDirectory();
        var server = await data.OpenAsync();
        var cli = await data.OpenAsync();
        var alice = (await cli.CreateUserAsync(new("alice@contoso.com") { Password = "first password" })).Value;
        Assert.NotNull(await server.FindUserByLoginAsync("alice@contoso.com"));
        Assert.NotNull(await server.GetUserAsync(alice.MailboxId));

        await cli.RemoveUserAsync("alice@contoso.com");

        // The documented bound: until one interval has passed the server may still answer from its cache ...
        data.Time.Advance(Interval - TimeSpan.FromTicks(1));
        Assert.NotNull(await server.FindUserByLoginAsync("alice@contoso.com"));
        // ... and from then on it never does.
        data.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(await server.FindUserByLoginAsync("alice@contoso.com"));
        Assert.Null(await server.GetUserAsync(alice.MailboxId));
        Assert.Null(await server.FindUserByAddressAsync("alice@contoso.com"));
    }

    [Fact]
    public async Task AnotherProcesssDisableNewUserAndDomainAreSeenAfterOneInterval()
    {
        await using var data = new TestDataDirectory();
        var server = await data.OpenAsync();
        var cli = await data.OpenAsync();
        await cli.CreateUserAsync(new("alice@contoso.com"));
        Assert.True((await server.FindUserByAddressAsync("alice@contoso.com"))!.Enabled);
        Assert.Null(await server.FindUserByAddressAsync("bob@contoso.com"));
        Assert.False(await server.IsAcceptedDomainAsync("fabrikam.com"));
        Assert.Equal(["contoso.com"], await server.GetAcceptedDomainsAsync());

        await cli.SetUserEnabledAsync("alice@contoso.com", false);
        await cli.CreateUserAsync(new("bob@contoso.com"));
        await cli.AddAcceptedDomainAsync("fabrikam.com");
        data.Time.Advance(Interval);

        Assert.False((await server.FindUserByAddressAsync("alice@contoso.com"))!.Enabled);
        Assert.NotNull(await server.FindUserByAddressAsync("bob@contoso.com"));
        Assert.True(await server.IsAcceptedDomainAsync("fabrikam.com"));
        Assert.Equal(["contoso.com", "fabrikam.com"], await server.GetAcceptedDomainsAsync());
    }

    [Fact]
    public async Task AWriteStraightToTheFileIsSeenAfterOneInterval()
    {
        await using var data = new TestDataDirectory();
        var server = await data.OpenAsync();
        await server.CreateUserAsync(new("alice@contoso.com"));
        Assert.Equal("DB01", (await server.FindUserByAddressAsync("alice@contoso.com"))!.Database);

        await data.ExecuteAsync("UPDATE users SET database = 'DB02';");
        data.Time.Advance(Interval);

        Assert.Equal("DB02", (await server.FindUserByAddressAsync("alice@contoso.com"))!.Database);
    }

    [Fact]
    public async Task PasswordChecksNeverUseTheCache()
    {
        await using var data = new TestDataDirectory();
        var server = await data.OpenAsync();
        var cli = await data.OpenAsync();
        await cli.CreateUserAsync(new("alice@contoso.com") { Password = "first password" });
        Assert.NotNull(await server.AuthenticateAsync("alice@contoso.com", "first password"));
        Assert.NotNull(await server.GetNtlmHashAsync("alice@contoso.com"));

        await cli.SetPasswordAsync("alice@contoso.com", "second password");
        Assert.Null(await server.AuthenticateAsync("alice@contoso.com", "first password"));
        Assert.NotNull(await server.AuthenticateAsync("alice@contoso.com", "second password"));

        await cli.RemoveUserAsync("alice@contoso.com");
        Assert.Null(await server.AuthenticateAsync("alice@contoso.com", "second password"));
        Assert.Null(await server.GetNtlmHashAsync("alice@contoso.com"));
    }

    [Fact]
    public async Task ZeroTurnsTheCacheOffSoAnotherProcesssWritesAreSeenAtOnce()
    {
        await using var data = new TestDataDirectory();
        var server = await data.OpenAsync(data.Options() with { ReadCacheRefreshInterval = TimeSpan.Zero });
        var cli = await data.OpenAsync();
        await cli.CreateUserAsync(new("alice@contoso.com"));
        Assert.NotNull(await server.FindUserByLoginAsync("alice@contoso.com"));

        await cli.RemoveUserAsync("alice@contoso.com");

        Assert.Null(await server.FindUserByLoginAsync("alice@contoso.com"));
    }

    [Fact]
    public async Task EveryLookupAnswersOnlyForItsOwnArgument()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var alice = (await directory.CreateUserAsync(new("alice@contoso.com"))).Value;
        var bob = (await directory.CreateUserAsync(new("bob@contoso.com"))).Value;

        for (var round = 0; round < 2; round++)
        {
            // The second round is answered from the cache.
            Assert.Equal(alice.MailboxId, (await directory.FindUserByAddressAsync("alice@contoso.com"))!.MailboxId);
            Assert.Equal(bob.MailboxId, (await directory.FindUserByAddressAsync("BOB@contoso.com"))!.MailboxId);
            Assert.Equal(alice.MailboxId, (await directory.FindUserByLoginAsync("CONTOSO\\alice"))!.MailboxId);
            Assert.Equal(bob.MailboxId, (await directory.FindUserByLoginAsync("contoso\\bob"))!.MailboxId);
            Assert.Equal(alice.MailboxId, (await directory.GetUserAsync(alice.MailboxId))!.MailboxId);
            Assert.Equal(bob.MailboxId, (await directory.GetUserAsync(bob.MailboxId))!.MailboxId);
            Assert.Equal(bob.MailboxId, (await directory.FindUserByLegacyDnAsync(bob.LegacyExchangeDn.ToUpperInvariant()))!.MailboxId);
            Assert.Null(await directory.FindUserByLoginAsync("carol@contoso.com"));
        }
    }

    [Fact]
    public async Task CachedResultsCannotBeChangedByACaller()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com"));
        await directory.AddAliasAsync("alice@contoso.com", "ally@contoso.com");

        var user = await directory.FindUserByAddressAsync("alice@contoso.com");
        var domains = await directory.GetAcceptedDomainsAsync();

        Assert.True(((ICollection<string>)user!.Aliases).IsReadOnly);
        Assert.True(((ICollection<string>)domains).IsReadOnly);
    }

    [Fact]
    public async Task ReadsRacingWritesNeverLeaveAStaleEntryBehind()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com"));

        for (var round = 0; round < 20; round++)
        {
            var enabled = round % 2 == 1;
            var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await directory.FindUserByLoginAsync("alice@contoso.com"))).ToList();
            var write = Task.Run(async () => await directory.SetUserEnabledAsync("alice@contoso.com", enabled));
            await Task.WhenAll(readers);
            await write;
            Assert.Equal(enabled, (await directory.FindUserByLoginAsync("alice@contoso.com"))!.Enabled);
        }
    }

    [Fact]
    public async Task TheRefreshIntervalIsLimitedToOneSecond()
    {
        await using var data = new TestDataDirectory();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SqliteDirectory.OpenAsync(data.Options() with { ReadCacheRefreshInterval = TimeSpan.FromSeconds(2) }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SqliteDirectory.OpenAsync(data.Options() with { ReadCacheRefreshInterval = TimeSpan.FromMilliseconds(-1) }));
    }

    [Fact]
    public void AFullGenerationRefusesMoreEntries()
    {
        var snapshot = new DirectoryCacheSnapshot(capacity: 2);
        Assert.True(snapshot.TryAdd(new(DirectoryLookup.Login, "a"), null));
        Assert.True(snapshot.TryAdd(new(DirectoryLookup.Address, "a"), "x"));
        Assert.False(snapshot.TryAdd(new(DirectoryLookup.Login, "b"), null));
        Assert.True(snapshot.TryGet(new(DirectoryLookup.Address, "a"), out string? value));
        Assert.Equal("x", value);
        Assert.False(snapshot.TryGet(new(DirectoryLookup.Login, "b"), out string? _));
        Assert.False(snapshot.TryGet(new(DirectoryLookup.Mailbox, "a"), out string? _));
    }
}
