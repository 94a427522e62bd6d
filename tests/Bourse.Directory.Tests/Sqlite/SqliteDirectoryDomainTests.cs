namespace Bourse.Directory.Tests.Sqlite;

public sealed class SqliteDirectoryDomainTests
{
    [Fact]
    public async Task ANewDirectoryAcceptsNoDomain()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();

        Assert.Empty(await directory.GetAcceptedDomainsAsync());
        Assert.False(await directory.IsAcceptedDomainAsync("contoso.com"));
    }

    [Fact]
    public async Task AddAcceptedDomainIsCaseInsensitiveIdempotentAndKeepsOrder()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();

        await directory.AddAcceptedDomainAsync("Contoso.COM");
        await directory.AddAcceptedDomainAsync("fabrikam.com.");
        await directory.AddAcceptedDomainAsync("contoso.com");
        await directory.AddAcceptedDomainAsync(" CONTOSO.com ");

        Assert.Equal(["contoso.com", "fabrikam.com"], await directory.GetAcceptedDomainsAsync());
        Assert.True(await directory.IsAcceptedDomainAsync("CONTOSO.COM"));
        Assert.True(await directory.IsAcceptedDomainAsync("fabrikam.com."));
        Assert.False(await directory.IsAcceptedDomainAsync("sub.contoso.com"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("contoso..com")]
    [InlineData("-contoso.com")]
    [InlineData("alice@contoso.com")]
    [InlineData("10.1.2.3")]
    public async Task AddAcceptedDomainRejectsMalformedNamesAndIsAcceptedSaysNo(string domain)
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => directory.AddAcceptedDomainAsync(domain).AsTask());
        Assert.False(await directory.IsAcceptedDomainAsync(domain));
        Assert.False(await directory.IsAcceptedDomainAsync(null!));
        Assert.Empty(await directory.GetAcceptedDomainsAsync());
    }

    [Fact]
    public async Task TheFirstUsersDomainIsAcceptedAutomatically()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();

        Assert.True((await directory.CreateUserAsync(new("alice@Contoso.com"))).IsSuccess);

        Assert.Equal(["contoso.com"], await directory.GetAcceptedDomainsAsync());
    }

    [Fact]
    public async Task TheFirstGroupsDomainIsAcceptedAutomatically()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();

        Assert.True((await directory.CreateGroupAsync("all@contoso.com")).IsSuccess);

        Assert.Equal(["contoso.com"], await directory.GetAcceptedDomainsAsync());
    }

    [Fact]
    public async Task LaterRecipientsNeedAnAcceptedDomain()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com"));

        var user = await directory.CreateUserAsync(new("bob@fabrikam.com"));
        var group = await directory.CreateGroupAsync("sales@fabrikam.com");

        Assert.Equal(DirectoryError.InvalidArgument, user.Error);
        Assert.Equal(DirectoryError.InvalidArgument, group.Error);
        Assert.Equal(["contoso.com"], await directory.GetAcceptedDomainsAsync());

        await directory.AddAcceptedDomainAsync("fabrikam.com");
        Assert.True((await directory.CreateUserAsync(new("bob@fabrikam.com"))).IsSuccess);
        Assert.True((await directory.CreateGroupAsync("sales@fabrikam.com")).IsSuccess);
    }

    [Fact]
    public async Task ADomainAddedByTheAdministratorFirstIsTheOnlyAcceptedOne()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.AddAcceptedDomainAsync("contoso.com");

        var result = await directory.CreateUserAsync(new("bob@fabrikam.com"));

        Assert.Equal(DirectoryError.InvalidArgument, result.Error);
        Assert.Equal(["contoso.com"], await directory.GetAcceptedDomainsAsync());
    }
}
