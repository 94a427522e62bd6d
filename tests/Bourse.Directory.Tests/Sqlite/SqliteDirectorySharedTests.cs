namespace Bourse.Directory.Tests.Sqlite;

/// <summary>
/// The server and the bourse CLI open the same data directory in two processes; two SqliteDirectory instances stand
/// in for them (separate connection pools). Each call here is the reader's first for its key, so it sees the other's
/// writes at once; how long a cached read may lag is pinned down in SqliteDirectoryCacheTests.
/// </summary>
public sealed class SqliteDirectorySharedTests
{
    [Fact]
    public async Task TheServerSeesUsersAndPasswordsTheCliWrites()
    {
        await using var data = new TestDataDirectory();
        var server = await data.OpenAsync();
        var cli = await data.OpenAsync();
        Assert.Null(await server.AuthenticateAsync("alice@contoso.com", "first password"));

        await cli.CreateUserAsync(new("alice@contoso.com") { Password = "first password" });
        Assert.NotNull(await server.AuthenticateAsync("alice@contoso.com", "first password"));

        await cli.SetPasswordAsync("alice@contoso.com", "second password");
        Assert.Null(await server.AuthenticateAsync("alice@contoso.com", "first password"));
        Assert.NotNull(await server.AuthenticateAsync("alice@contoso.com", "second password"));

        await cli.SetUserEnabledAsync("alice@contoso.com", false);
        Assert.Null(await server.AuthenticateAsync("alice@contoso.com", "second password"));
        Assert.Null(await server.GetNtlmHashAsync("alice@contoso.com"));

        await cli.RemoveUserAsync("alice@contoso.com");
        Assert.Null(await server.FindUserByAddressAsync("alice@contoso.com"));
        Assert.Empty(await server.ListUsersAsync());
    }

    [Fact]
    public async Task TheServerSeesDomainsAliasesAndGroupsTheCliWrites()
    {
        await using var data = new TestDataDirectory();
        var server = await data.OpenAsync();
        var cli = await data.OpenAsync();
        await server.CreateUserAsync(new("alice@contoso.com"));

        await cli.AddAcceptedDomainAsync("fabrikam.com");
        Assert.True(await server.IsAcceptedDomainAsync("fabrikam.com"));

        await cli.AddAliasAsync("alice@contoso.com", "alice@fabrikam.com");
        Assert.Equal("alice@contoso.com", (await server.ResolveAsync("alice@fabrikam.com"))!.User!.PrimarySmtpAddress);

        await cli.CreateGroupAsync("sales@fabrikam.com");
        await cli.AddGroupMemberAsync("sales@fabrikam.com", "alice@fabrikam.com");
        Assert.Equal(["alice@contoso.com"], (await server.ExpandGroupAsync("sales@fabrikam.com")).Select(u => u.PrimarySmtpAddress));

        // And the other way round: a rehash or a write by the server is visible to the CLI.
        await server.RemoveGroupMemberAsync("sales@fabrikam.com", "alice@contoso.com");
        Assert.Empty((await cli.FindGroupAsync("sales@fabrikam.com"))!.Members);
    }

    [Fact]
    public async Task ConcurrentWritersFromTwoProcessesAllSucceedWithUniqueNames()
    {
        await using var data = new TestDataDirectory();
        var first = await data.OpenAsync();
        var second = await data.OpenAsync();
        await first.CreateUserAsync(new("seed@contoso.com"));

        // Every local part truncates to the same 20-character sAMAccountName, so each creation must see the others'.
        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? first : second).CreateUserAsync(new($"averyveryverylongname{i}@contoso.com")))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Message));
        var users = await second.ListUsersAsync();
        Assert.Equal(25, users.Count);
        Assert.Equal(25, users.Select(u => u.SamAccountName.ToLowerInvariant()).Distinct().Count());
        Assert.Equal(25, users.Select(u => u.LegacyExchangeDn).Distinct().Count());
    }

    [Fact]
    public async Task TheSameAddressCreatedByTwoProcessesAtOnceExistsOnce()
    {
        await using var data = new TestDataDirectory();
        var first = await data.OpenAsync();
        var second = await data.OpenAsync();
        await first.CreateUserAsync(new("seed@contoso.com"));

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? first : second).CreateUserAsync(new("bob@contoso.com")))));

        Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(DirectoryError.AlreadyExists, r.Error));
    }
}
