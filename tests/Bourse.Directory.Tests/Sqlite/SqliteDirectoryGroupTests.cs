using Bourse.Directory.Sqlite;

namespace Bourse.Directory.Tests.Sqlite;

public sealed class SqliteDirectoryGroupTests
{
    private static async Task<SqliteDirectory> OpenWithPeopleAsync(TestDataDirectory data)
    {
        var directory = await data.OpenAsync();
        foreach (var name in new[] { "alice", "bob", "carol", "dave" })
            await directory.CreateUserAsync(new($"{name}@contoso.com"));
        return directory;
    }

    private static async Task<IReadOnlyList<string>> ExpandAsync(SqliteDirectory directory, string group) =>
        (await directory.ExpandGroupAsync(group)).Select(u => u.PrimarySmtpAddress).ToList();

    [Fact]
    public async Task CreateGroupDefaultsItsDisplayNameAndLegacyDn()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);

        var group = (await directory.CreateGroupAsync("Sales.Team@Contoso.com")).Value;

        Assert.Equal("Sales.Team@contoso.com", group.PrimarySmtpAddress);
        Assert.Equal("Sales Team", group.DisplayName);
        Assert.Matches(@"^/o=Contoso/ou=Exchange Administrative Group \(FYDIBOHF23SPDLT\)/cn=Recipients/cn=[0-9a-f]{32}-Sales\.Team$", group.LegacyExchangeDn);
        Assert.Empty(group.Members);
        Assert.Empty(group.Aliases);
        Assert.Equal(group.LegacyExchangeDn, (await directory.FindGroupAsync("sales.team@contoso.com"))!.LegacyExchangeDn);
    }

    [Fact]
    public async Task CreateGroupKeepsAGivenDisplayName()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);

        var group = (await directory.CreateGroupAsync("sales@contoso.com", " Sales & Marketing ")).Value;

        Assert.Equal("Sales & Marketing", group.DisplayName);
    }

    [Theory]
    [InlineData("not-an-address", null, DirectoryError.InvalidArgument)]
    [InlineData("", null, DirectoryError.InvalidArgument)]
    [InlineData(null, null, DirectoryError.InvalidArgument)]
    [InlineData("sales@contoso.com", "", DirectoryError.InvalidArgument)]
    [InlineData("sales@contoso.com", "Sales\u0000", DirectoryError.InvalidArgument)]
    [InlineData("sales@fabrikam.com", null, DirectoryError.InvalidArgument)]
    [InlineData("ALICE@contoso.com", null, DirectoryError.AlreadyExists)]
    [InlineData("alias.of.bob@contoso.com", null, DirectoryError.AlreadyExists)]
    [InlineData("All@contoso.com", null, DirectoryError.AlreadyExists)]
    public async Task CreateGroupFailures(string? address, string? displayName, DirectoryError expected)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.AddAliasAsync("bob@contoso.com", "alias.of.bob@contoso.com");
        await directory.CreateGroupAsync("all@contoso.com");

        var result = await directory.CreateGroupAsync(address!, displayName);

        Assert.Equal(expected, result.Error);
        Assert.Single(await directory.ListGroupsAsync());
    }

    [Fact]
    public async Task FindGroupMatchesGroupsOnly()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("sales@contoso.com");

        Assert.NotNull(await directory.FindGroupAsync("SALES@contoso.com"));
        Assert.Null(await directory.FindGroupAsync("alice@contoso.com"));
        Assert.Null(await directory.FindGroupAsync("nothing@contoso.com"));
        Assert.Null(await directory.FindGroupAsync("sales"));
        Assert.Null(await directory.FindGroupAsync(null!));
    }

    [Fact]
    public async Task ListGroupsReturnsEveryGroupByAddressWithDirectMembersInOrderAdded()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("sales@contoso.com");
        await directory.CreateGroupAsync("all@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "carol@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "alice@contoso.com");
        await directory.AddGroupMemberAsync("all@contoso.com", "sales@contoso.com");
        await directory.AddGroupMemberAsync("all@contoso.com", "dave@contoso.com");

        var groups = await directory.ListGroupsAsync();

        Assert.Equal(["all@contoso.com", "sales@contoso.com"], groups.Select(g => g.PrimarySmtpAddress));
        Assert.Equal(["sales@contoso.com", "dave@contoso.com"], groups[0].Members);
        Assert.Equal(["carol@contoso.com", "alice@contoso.com"], groups[1].Members);
    }

    [Fact]
    public async Task AddGroupMemberByAliasListsThePrimaryAddress()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.AddAliasAsync("alice@contoso.com", "Alice.Smith@contoso.com");
        await directory.CreateGroupAsync("sales@contoso.com");
        await directory.AddAliasAsync("sales@contoso.com", "vente@contoso.com");

        Assert.True((await directory.AddGroupMemberAsync("VENTE@contoso.com", "alice.smith@contoso.com")).Value);

        Assert.Equal(["alice@contoso.com"], (await directory.FindGroupAsync("sales@contoso.com"))!.Members);
        Assert.Equal(DirectoryError.AlreadyExists, (await directory.AddGroupMemberAsync("sales@contoso.com", "ALICE@contoso.com")).Error);
    }

    [Theory]
    [InlineData("nothing@contoso.com", "alice@contoso.com", DirectoryError.NotFound)]
    [InlineData("alice@contoso.com", "bob@contoso.com", DirectoryError.NotFound)]       // a user is not a group
    [InlineData("sales@contoso.com", "nobody@contoso.com", DirectoryError.InvalidArgument)]
    [InlineData("sales@contoso.com", "sales@contoso.com", DirectoryError.InvalidArgument)]
    [InlineData("sales@contoso.com", "Vente@contoso.com", DirectoryError.InvalidArgument)] // itself through an alias
    [InlineData("sales@contoso.com", "nope", DirectoryError.InvalidArgument)]
    [InlineData("nope", "alice@contoso.com", DirectoryError.InvalidArgument)]
    [InlineData(null, null, DirectoryError.InvalidArgument)]
    public async Task AddGroupMemberFailures(string? group, string? member, DirectoryError expected)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("sales@contoso.com");
        await directory.AddAliasAsync("sales@contoso.com", "vente@contoso.com");

        Assert.Equal(expected, (await directory.AddGroupMemberAsync(group!, member!)).Error);
        Assert.Empty((await directory.FindGroupAsync("sales@contoso.com"))!.Members);
    }

    [Fact]
    public async Task AddGroupMemberRefusesEveryCycle()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        foreach (var g in new[] { "a", "b", "c" })
            await directory.CreateGroupAsync($"{g}@contoso.com");
        Assert.True((await directory.AddGroupMemberAsync("a@contoso.com", "b@contoso.com")).Value);
        Assert.True((await directory.AddGroupMemberAsync("b@contoso.com", "c@contoso.com")).Value);

        Assert.Equal(DirectoryError.InvalidArgument, (await directory.AddGroupMemberAsync("c@contoso.com", "a@contoso.com")).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.AddGroupMemberAsync("c@contoso.com", "b@contoso.com")).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.AddGroupMemberAsync("b@contoso.com", "a@contoso.com")).Error);
        Assert.Empty((await directory.FindGroupAsync("c@contoso.com"))!.Members);
        // A shortcut that is not a cycle is fine: a contains c directly and through b.
        Assert.True((await directory.AddGroupMemberAsync("a@contoso.com", "c@contoso.com")).Value);
    }

    [Fact]
    public async Task ExpandGroupReturnsEachUserOnceThroughAnyNesting()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        foreach (var g in new[] { "all", "sales", "east", "west" })
            await directory.CreateGroupAsync($"{g}@contoso.com");
        // all ⊃ {sales, carol}; sales ⊃ {east, west, alice}; east ⊃ {bob, carol}; west ⊃ {bob, east}
        await directory.AddGroupMemberAsync("all@contoso.com", "sales@contoso.com");
        await directory.AddGroupMemberAsync("all@contoso.com", "carol@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "east@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "west@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "alice@contoso.com");
        await directory.AddGroupMemberAsync("east@contoso.com", "bob@contoso.com");
        await directory.AddGroupMemberAsync("east@contoso.com", "carol@contoso.com");
        await directory.AddGroupMemberAsync("west@contoso.com", "bob@contoso.com");
        await directory.AddGroupMemberAsync("west@contoso.com", "east@contoso.com");

        Assert.Equal(["alice@contoso.com", "bob@contoso.com", "carol@contoso.com"], await ExpandAsync(directory, "ALL@contoso.com"));
        Assert.Equal(["bob@contoso.com", "carol@contoso.com"], await ExpandAsync(directory, "west@contoso.com"));
        Assert.Equal(["bob@contoso.com", "carol@contoso.com"], await ExpandAsync(directory, "east@contoso.com"));
    }

    [Fact]
    public async Task ExpandGroupIncludesDisabledUsersAndRooms()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateUserAsync(new("room1@contoso.com") { Kind = RecipientKind.Room });
        await directory.SetUserEnabledAsync("bob@contoso.com", false);
        await directory.CreateGroupAsync("g@contoso.com");
        await directory.AddGroupMemberAsync("g@contoso.com", "room1@contoso.com");
        await directory.AddGroupMemberAsync("g@contoso.com", "bob@contoso.com");

        var users = await directory.ExpandGroupAsync("g@contoso.com");

        Assert.Equal(["bob@contoso.com", "room1@contoso.com"], users.Select(u => u.PrimarySmtpAddress));
        Assert.False(users[0].Enabled);
        Assert.Equal(RecipientKind.Room, users[1].Kind);
    }

    [Theory]
    [InlineData("empty@contoso.com")]
    [InlineData("nothing@contoso.com")]
    [InlineData("alice@contoso.com")]
    [InlineData("nope")]
    [InlineData(null)]
    public async Task ExpandGroupIsEmptyForEmptyUnknownOrNonGroupAddresses(string? address)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("empty@contoso.com");

        Assert.Empty(await directory.ExpandGroupAsync(address!));
    }

    [Fact]
    public async Task ExpandGroupTerminatesEvenOnACycleWrittenBehindTheDirectorysBack()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("a@contoso.com");
        await directory.CreateGroupAsync("b@contoso.com");
        await directory.AddGroupMemberAsync("a@contoso.com", "b@contoso.com");
        await directory.AddGroupMemberAsync("b@contoso.com", "alice@contoso.com");
        await data.ExecuteAsync("""
            INSERT INTO group_members(group_id, member_group_id)
            SELECT b.id, a.id FROM dist_groups a, dist_groups b WHERE a.primary_lower = 'a@contoso.com' AND b.primary_lower = 'b@contoso.com';
            """);

        Assert.Equal(["alice@contoso.com"], await ExpandAsync(directory, "a@contoso.com"));
        Assert.Equal(["alice@contoso.com"], await ExpandAsync(directory, "b@contoso.com"));
    }

    [Fact]
    public async Task RemoveGroupMemberRemovesOnlyThatDirectMember()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("all@contoso.com");
        await directory.CreateGroupAsync("sales@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "alice@contoso.com");
        await directory.AddGroupMemberAsync("all@contoso.com", "sales@contoso.com");
        await directory.AddGroupMemberAsync("all@contoso.com", "alice@contoso.com");
        await directory.AddGroupMemberAsync("all@contoso.com", "bob@contoso.com");

        Assert.True((await directory.RemoveGroupMemberAsync("all@contoso.com", "ALICE@contoso.com")).Value);
        Assert.Equal(["sales@contoso.com", "bob@contoso.com"], (await directory.FindGroupAsync("all@contoso.com"))!.Members);
        Assert.Equal(["alice@contoso.com", "bob@contoso.com"], await ExpandAsync(directory, "all@contoso.com")); // still via sales

        Assert.True((await directory.RemoveGroupMemberAsync("all@contoso.com", "sales@contoso.com")).Value);
        Assert.Equal(["bob@contoso.com"], await ExpandAsync(directory, "all@contoso.com"));
        Assert.NotNull(await directory.FindGroupAsync("sales@contoso.com"));
    }

    [Theory]
    [InlineData("sales@contoso.com", "bob@contoso.com", DirectoryError.NotFound)]      // not a member
    [InlineData("sales@contoso.com", "nobody@contoso.com", DirectoryError.NotFound)]
    [InlineData("nothing@contoso.com", "alice@contoso.com", DirectoryError.NotFound)]
    [InlineData("alice@contoso.com", "alice@contoso.com", DirectoryError.NotFound)]
    [InlineData("sales@contoso.com", "alice", DirectoryError.InvalidArgument)]
    [InlineData("sales", "alice@contoso.com", DirectoryError.InvalidArgument)]
    [InlineData(null, null, DirectoryError.InvalidArgument)]
    public async Task RemoveGroupMemberFailures(string? group, string? member, DirectoryError expected)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("sales@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "alice@contoso.com");

        Assert.Equal(expected, (await directory.RemoveGroupMemberAsync(group!, member!)).Error);
        Assert.Equal(["alice@contoso.com"], (await directory.FindGroupAsync("sales@contoso.com"))!.Members);
    }

    [Fact]
    public async Task RemoveGroupTakesItOutOfParentGroupsAndFreesItsAddresses()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("all@contoso.com");
        await directory.CreateGroupAsync("sales@contoso.com");
        await directory.AddAliasAsync("sales@contoso.com", "vente@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "alice@contoso.com");
        await directory.AddGroupMemberAsync("all@contoso.com", "sales@contoso.com");
        await directory.AddGroupMemberAsync("all@contoso.com", "bob@contoso.com");

        Assert.True((await directory.RemoveGroupAsync("vente@contoso.com")).Value);

        Assert.Null(await directory.FindGroupAsync("sales@contoso.com"));
        Assert.Null(await directory.ResolveAsync("vente@contoso.com"));
        Assert.Equal(["bob@contoso.com"], (await directory.FindGroupAsync("all@contoso.com"))!.Members);
        Assert.Equal(["bob@contoso.com"], await ExpandAsync(directory, "all@contoso.com"));
        Assert.NotNull(await directory.FindUserByAddressAsync("alice@contoso.com"));
        Assert.True((await directory.CreateUserAsync(new("vente@contoso.com"))).IsSuccess);
    }

    [Theory]
    [InlineData("nothing@contoso.com", DirectoryError.NotFound)]
    [InlineData("alice@contoso.com", DirectoryError.NotFound)]
    [InlineData("sales", DirectoryError.InvalidArgument)]
    [InlineData(null, DirectoryError.InvalidArgument)]
    public async Task RemoveGroupFailures(string? address, DirectoryError expected)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateGroupAsync("sales@contoso.com");

        Assert.Equal(expected, (await directory.RemoveGroupAsync(address!)).Error);
        Assert.Single(await directory.ListGroupsAsync());
        Assert.Equal(4, (await directory.ListUsersAsync()).Count);
    }

    [Fact]
    public async Task ResolveTellsUsersFromGroupsByAnyAddress()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithPeopleAsync(data);
        await directory.CreateUserAsync(new("room1@contoso.com") { Kind = RecipientKind.Equipment });
        await directory.AddAliasAsync("alice@contoso.com", "a@contoso.com");
        await directory.CreateGroupAsync("sales@contoso.com");
        await directory.AddAliasAsync("sales@contoso.com", "vente@contoso.com");

        var user = await directory.ResolveAsync("A@contoso.com");
        var room = await directory.ResolveAsync("room1@contoso.com");
        var group = await directory.ResolveAsync("vente@CONTOSO.com");

        Assert.Equal("alice@contoso.com", user!.User!.PrimarySmtpAddress);
        Assert.Null(user.Group);
        Assert.Equal(RecipientKind.User, user.Kind);
        Assert.Equal(RecipientKind.Equipment, room!.Kind);
        Assert.Equal("sales@contoso.com", group!.Group!.PrimarySmtpAddress);
        Assert.Null(group.User);
        Assert.Equal(RecipientKind.Group, group.Kind);
        Assert.Null(await directory.ResolveAsync("nobody@contoso.com"));
        Assert.Null(await directory.ResolveAsync("nobody"));
        Assert.Null(await directory.ResolveAsync(null!));
    }
}
