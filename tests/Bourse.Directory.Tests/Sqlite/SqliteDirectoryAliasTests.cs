namespace Bourse.Directory.Tests.Sqlite;

public sealed class SqliteDirectoryAliasTests
{
    private static async Task<Bourse.Directory.Sqlite.SqliteDirectory> OpenWithAliceAndBobAsync(TestDataDirectory data)
    {
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com") { Password = "correct horse" });
        await directory.CreateUserAsync(new("bob@contoso.com"));
        await directory.CreateGroupAsync("sales@contoso.com");
        return directory;
    }

    [Fact]
    public async Task AddAliasMakesTheAddressResolveAndSignInToTheUser()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);

        var result = await directory.AddAliasAsync("ALICE@contoso.com", "Alice.Smith@Contoso.com");

        Assert.True(result.Value);
        var alice = await directory.FindUserByAddressAsync("alice.smith@contoso.com");
        Assert.Equal("alice@contoso.com", alice!.PrimarySmtpAddress);
        Assert.Equal(["Alice.Smith@contoso.com"], alice.Aliases);
        Assert.Equal(alice, (await directory.ResolveAsync("ALICE.SMITH@contoso.com"))!.User);
        Assert.NotNull(await directory.AuthenticateAsync("alice.smith@contoso.com", "correct horse"));
    }

    [Fact]
    public async Task AddAliasThroughAnExistingAliasTargetsTheSameUser()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);
        await directory.AddAliasAsync("alice@contoso.com", "a1@contoso.com");

        Assert.True((await directory.AddAliasAsync("a1@contoso.com", "a2@contoso.com")).Value);

        Assert.Equal(["a1@contoso.com", "a2@contoso.com"], (await directory.FindUserByAddressAsync("alice@contoso.com"))!.Aliases);
    }

    [Fact]
    public async Task AddAliasTheRecipientAlreadyHasChangesNothing()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);
        await directory.AddAliasAsync("alice@contoso.com", "a1@contoso.com");

        var again = await directory.AddAliasAsync("alice@contoso.com", "A1@contoso.com");
        var primary = await directory.AddAliasAsync("alice@contoso.com", "alice@contoso.com");

        Assert.True(again.IsSuccess);
        Assert.False(again.Value);
        Assert.True(primary.IsSuccess);
        Assert.False(primary.Value);
        Assert.Equal(["a1@contoso.com"], (await directory.FindUserByAddressAsync("alice@contoso.com"))!.Aliases);
    }

    [Fact]
    public async Task AddAliasRefusesAnAddressOfAnotherUserOrGroup()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);
        await directory.AddAliasAsync("bob@contoso.com", "robert@contoso.com");
        await directory.AddAliasAsync("sales@contoso.com", "sellers@contoso.com");

        Assert.Equal(DirectoryError.AlreadyExists, (await directory.AddAliasAsync("alice@contoso.com", "BOB@contoso.com")).Error);
        Assert.Equal(DirectoryError.AlreadyExists, (await directory.AddAliasAsync("alice@contoso.com", "robert@contoso.com")).Error);
        Assert.Equal(DirectoryError.AlreadyExists, (await directory.AddAliasAsync("alice@contoso.com", "sales@contoso.com")).Error);
        Assert.Equal(DirectoryError.AlreadyExists, (await directory.AddAliasAsync("alice@contoso.com", "sellers@contoso.com")).Error);
        Assert.Equal(DirectoryError.AlreadyExists, (await directory.AddAliasAsync("sales@contoso.com", "alice@contoso.com")).Error);
        Assert.Empty((await directory.FindUserByAddressAsync("alice@contoso.com"))!.Aliases);
    }

    [Fact]
    public async Task AddAliasNeedsAnAcceptedDomain()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);

        var refused = await directory.AddAliasAsync("alice@contoso.com", "alice@fabrikam.com");
        Assert.Equal(DirectoryError.InvalidArgument, refused.Error);
        Assert.False(await directory.IsAcceptedDomainAsync("fabrikam.com"));

        await directory.AddAcceptedDomainAsync("fabrikam.com");
        Assert.True((await directory.AddAliasAsync("alice@contoso.com", "alice@fabrikam.com")).Value);
    }

    [Theory]
    [InlineData("alice@contoso.com", "not an alias", DirectoryError.InvalidArgument)]
    [InlineData("alice@contoso.com", "", DirectoryError.InvalidArgument)]
    [InlineData("alice@contoso.com", null, DirectoryError.InvalidArgument)]
    [InlineData("alice", "a1@contoso.com", DirectoryError.InvalidArgument)]
    [InlineData(null, "a1@contoso.com", DirectoryError.InvalidArgument)]
    [InlineData("carol@contoso.com", "a1@contoso.com", DirectoryError.NotFound)]
    public async Task AddAliasFailures(string? owner, string? alias, DirectoryError expected)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);

        Assert.Equal(expected, (await directory.AddAliasAsync(owner!, alias!)).Error);
        Assert.Null(await directory.ResolveAsync("a1@contoso.com"));
    }

    [Fact]
    public async Task GroupsCanHaveAliasesToo()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);

        Assert.True((await directory.AddAliasAsync("sales@contoso.com", "Vente@contoso.com")).Value);

        var group = await directory.FindGroupAsync("vente@contoso.com");
        Assert.Equal("sales@contoso.com", group!.PrimarySmtpAddress);
        Assert.Equal(["Vente@contoso.com"], group.Aliases);
        Assert.Equal(group.PrimarySmtpAddress, (await directory.ResolveAsync("VENTE@contoso.com"))!.Group!.PrimarySmtpAddress);
        Assert.True((await directory.RemoveAliasAsync("sales@contoso.com", "vente@contoso.com")).Value);
        Assert.Null(await directory.ResolveAsync("vente@contoso.com"));
    }

    [Fact]
    public async Task RemoveAliasFreesTheAddress()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);
        await directory.AddAliasAsync("alice@contoso.com", "a1@contoso.com");
        await directory.AddAliasAsync("alice@contoso.com", "a2@contoso.com");

        var result = await directory.RemoveAliasAsync("a2@contoso.com", "A1@CONTOSO.COM");

        Assert.True(result.Value);
        Assert.Equal(["a2@contoso.com"], (await directory.FindUserByAddressAsync("alice@contoso.com"))!.Aliases);
        Assert.Null(await directory.AuthenticateAsync("a1@contoso.com", "correct horse"));
        Assert.True((await directory.AddAliasAsync("bob@contoso.com", "a1@contoso.com")).Value);
    }

    [Theory]
    [InlineData("alice@contoso.com", "alice@contoso.com", DirectoryError.InvalidArgument)]   // the primary address stays
    [InlineData("alice@contoso.com", "bob@contoso.com", DirectoryError.NotFound)]            // someone else's address
    [InlineData("alice@contoso.com", "b1@contoso.com", DirectoryError.NotFound)]             // someone else's alias
    [InlineData("alice@contoso.com", "nobody@contoso.com", DirectoryError.NotFound)]
    [InlineData("carol@contoso.com", "a1@contoso.com", DirectoryError.NotFound)]
    [InlineData("alice@contoso.com", "a1", DirectoryError.InvalidArgument)]
    [InlineData("alice", "a1@contoso.com", DirectoryError.InvalidArgument)]
    [InlineData(null, null, DirectoryError.InvalidArgument)]
    public async Task RemoveAliasFailures(string? owner, string? alias, DirectoryError expected)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAndBobAsync(data);
        await directory.AddAliasAsync("alice@contoso.com", "a1@contoso.com");
        await directory.AddAliasAsync("bob@contoso.com", "b1@contoso.com");

        Assert.Equal(expected, (await directory.RemoveAliasAsync(owner!, alias!)).Error);
        Assert.Equal(["a1@contoso.com"], (await directory.FindUserByAddressAsync("alice@contoso.com"))!.Aliases);
        Assert.Equal(["b1@contoso.com"], (await directory.FindUserByAddressAsync("bob@contoso.com"))!.Aliases);
    }
}
