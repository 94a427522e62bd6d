using Bourse.Core.Ids;

namespace Bourse.Directory.Tests.Sqlite;

public sealed class SqliteDirectoryUserTests
{
    [Fact]
    public async Task CreateUserFillsEveryFieldTheWayExchangeWould()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();

        var result = await directory.CreateUserAsync(new("Alice.Smith@Contoso.COM"));

        Assert.True(result.IsSuccess);
        var user = result.Value;
        Assert.NotEqual(Guid.Empty, user.MailboxId.Value);
        Assert.Equal("Alice.Smith@contoso.com", user.PrimarySmtpAddress);
        Assert.Equal("contoso.com", user.Domain);
        Assert.Empty(user.Aliases);
        Assert.Equal("Alice Smith", user.DisplayName);
        Assert.Equal("Alice.Smith@contoso.com", user.UserPrincipalName);
        Assert.Equal("Alice.Smith", user.SamAccountName);
        Assert.Equal($"/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={user.MailboxId.Value:N}-Alice.Smith", user.LegacyExchangeDn);
        Assert.Equal("DB01", user.Database);
        Assert.Equal(RecipientKind.User, user.Kind);
        Assert.True(user.Enabled);
        Assert.Equal(data.Time.Now.UtcDateTime, user.CreatedUtc);
        Assert.Equal(DateTimeKind.Utc, user.CreatedUtc.Kind);
        Assert.Equal(user, await directory.GetUserAsync(user.MailboxId));
    }

    [Fact]
    public async Task CreateUserStoresTheAddressLowerCasedForLookupButShowsItAsGiven()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();

        await directory.CreateUserAsync(new("Alice.Smith@contoso.com"));

        Assert.Equal("alice.smith@contoso.com", await data.QueryAsync("SELECT primary_lower FROM users;"));
        Assert.Equal("Alice.Smith@contoso.com", await data.QueryAsync("SELECT primary_address FROM users;"));
        Assert.Equal("Alice.Smith@contoso.com", (await directory.FindUserByAddressAsync("ALICE.SMITH@CONTOSO.COM"))?.PrimarySmtpAddress);
    }

    [Fact]
    public async Task CreateUserHonoursGivenDisplayNameDatabaseMailboxIdAndKind()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var mailboxId = MailboxId.New();

        var room = (await directory.CreateUserAsync(new("conf.room.1@contoso.com")
        {
            DisplayName = "  Conference Room 1 ",
            Database = "DB02",
            MailboxId = mailboxId,
            Kind = RecipientKind.Room,
        })).Value;
        var projector = (await directory.CreateUserAsync(new("projector@contoso.com") { Kind = RecipientKind.Equipment })).Value;

        Assert.Equal(mailboxId, room.MailboxId);
        Assert.Equal("Conference Room 1", room.DisplayName);
        Assert.Equal("DB02", room.Database);
        Assert.Equal(RecipientKind.Room, room.Kind);
        Assert.Equal(RecipientKind.Equipment, projector.Kind);
        Assert.Equal("Projector", projector.DisplayName);
        Assert.Equal(room, await directory.GetUserAsync(mailboxId));
    }

    [Fact]
    public async Task CreateUserUsesTheConfiguredDefaultDatabase()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync(data.Options() with { DefaultDatabase = "Mailbox Database 7" });

        var user = (await directory.CreateUserAsync(new("alice@contoso.com"))).Value;

        Assert.Equal("Mailbox Database 7", user.Database);
    }

    public static TheoryData<NewDirectoryUser?, DirectoryError> InvalidUsers() => new()
    {
        { null, DirectoryError.InvalidArgument },
        { new NewDirectoryUser(null!), DirectoryError.InvalidArgument },
        { new NewDirectoryUser(""), DirectoryError.InvalidArgument },
        { new NewDirectoryUser("not an address"), DirectoryError.InvalidArgument },
        { new NewDirectoryUser("Bob <bob@contoso.com>"), DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { Kind = RecipientKind.Group }, DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { Kind = (RecipientKind)42 }, DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { DisplayName = "   " }, DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { DisplayName = "Bob\nSmith" }, DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { DisplayName = new string('b', 257) }, DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { Database = "" }, DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { Database = "../DB01" }, DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { MailboxId = new MailboxId(Guid.Empty) }, DirectoryError.InvalidArgument },
        { new NewDirectoryUser("bob@contoso.com") { Password = "" }, DirectoryError.WeakPassword },
        { new NewDirectoryUser("bob@contoso.com") { Password = "1234567" }, DirectoryError.WeakPassword },
        { new NewDirectoryUser("bob@contoso.com") { Password = new string('p', 257) }, DirectoryError.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(InvalidUsers))]
    public async Task CreateUserRejectsInvalidInputWithoutCreatingAnything(NewDirectoryUser? user, DirectoryError expected)
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();

        var result = await directory.CreateUserAsync(user!);

        Assert.False(result.IsSuccess);
        Assert.Equal(expected, result.Error);
        Assert.False(string.IsNullOrEmpty(result.Message));
        Assert.Throws<InvalidOperationException>(() => result.Value);
        Assert.Empty(await directory.ListUsersAsync());
        Assert.Empty(await directory.GetAcceptedDomainsAsync());
    }

    [Fact]
    public async Task CreateUserRefusesAnAddressAnyRecipientAlreadyHas()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com"));
        await directory.AddAliasAsync("alice@contoso.com", "a.smith@contoso.com");
        await directory.CreateGroupAsync("sales@contoso.com");

        Assert.Equal(DirectoryError.AlreadyExists, (await directory.CreateUserAsync(new("ALICE@contoso.com"))).Error);
        Assert.Equal(DirectoryError.AlreadyExists, (await directory.CreateUserAsync(new("A.Smith@contoso.com"))).Error);
        Assert.Equal(DirectoryError.AlreadyExists, (await directory.CreateUserAsync(new("sales@contoso.com"))).Error);
        Assert.Single(await directory.ListUsersAsync());
    }

    [Fact]
    public async Task CreateUserRefusesAMailboxIdInUse()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var alice = (await directory.CreateUserAsync(new("alice@contoso.com"))).Value;

        var result = await directory.CreateUserAsync(new("bob@contoso.com") { MailboxId = alice.MailboxId });

        Assert.Equal(DirectoryError.AlreadyExists, result.Error);
        Assert.Null(await directory.FindUserByAddressAsync("bob@contoso.com"));
    }

    [Fact]
    public async Task CreateUserMakesSamAccountNamesUniqueAndAtMost20Long()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var a = (await directory.CreateUserAsync(new("alice@contoso.com"))).Value;
        await directory.AddAcceptedDomainAsync("fabrikam.com");
        await directory.AddAcceptedDomainAsync("northwind.com");
        var b = (await directory.CreateUserAsync(new("Alice@fabrikam.com"))).Value;
        var c = (await directory.CreateUserAsync(new("alice@northwind.com"))).Value;
        var long1 = (await directory.CreateUserAsync(new("christopher.montgomery@contoso.com"))).Value;
        var long2 = (await directory.CreateUserAsync(new("christopher.montgomery@fabrikam.com"))).Value;

        Assert.Equal("alice", a.SamAccountName);
        Assert.Equal("Alice1", b.SamAccountName);
        Assert.Equal("alice2", c.SamAccountName);
        Assert.Equal("christopher.montgome", long1.SamAccountName);
        Assert.Equal("christopher.montgom1", long2.SamAccountName);
        Assert.All(await directory.ListUsersAsync(), u => Assert.InRange(u.SamAccountName.Length, 1, 20));
    }

    [Fact]
    public async Task EveryRecipientGetsItsOwnLegacyDn()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var a = (await directory.CreateUserAsync(new("alice@contoso.com"))).Value;
        await directory.AddAcceptedDomainAsync("fabrikam.com");
        var b = (await directory.CreateUserAsync(new("alice@fabrikam.com"))).Value;
        var g = (await directory.CreateGroupAsync("alice.team@contoso.com")).Value;

        Assert.Equal(3, new[] { a.LegacyExchangeDn, b.LegacyExchangeDn, g.LegacyExchangeDn }.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public async Task GetUserReturnsNullForAnUnknownMailbox()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com"));

        Assert.Null(await directory.GetUserAsync(MailboxId.New()));
        Assert.Null(await directory.GetUserAsync(default));
    }

    [Fact]
    public async Task FindUserByAddressMatchesPrimaryAndAliasesCaseInsensitively()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var alice = (await directory.CreateUserAsync(new("alice@contoso.com"))).Value;
        await directory.AddAliasAsync("alice@contoso.com", "Alice.Smith@contoso.com");
        await directory.CreateGroupAsync("sales@contoso.com");

        Assert.Equal(alice.MailboxId, (await directory.FindUserByAddressAsync("alice@contoso.com"))?.MailboxId);
        Assert.Equal(alice.MailboxId, (await directory.FindUserByAddressAsync(" ALICE@Contoso.Com "))?.MailboxId);
        Assert.Equal(alice.MailboxId, (await directory.FindUserByAddressAsync("alice.smith@CONTOSO.com"))?.MailboxId);
        Assert.Null(await directory.FindUserByAddressAsync("bob@contoso.com"));
        Assert.Null(await directory.FindUserByAddressAsync("sales@contoso.com"));
        Assert.Null(await directory.FindUserByAddressAsync("alice"));
        Assert.Null(await directory.FindUserByAddressAsync(""));
        Assert.Null(await directory.FindUserByAddressAsync(null!));
    }

    [Fact]
    public async Task FindUserByLegacyDnIsCaseInsensitive()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var alice = (await directory.CreateUserAsync(new("alice@contoso.com"))).Value;
        await directory.CreateUserAsync(new("bob@contoso.com"));

        Assert.Equal(alice, await directory.FindUserByLegacyDnAsync(alice.LegacyExchangeDn));
        Assert.Equal(alice, await directory.FindUserByLegacyDnAsync(alice.LegacyExchangeDn.ToUpperInvariant()));
        Assert.Null(await directory.FindUserByLegacyDnAsync(alice.LegacyExchangeDn + "x"));
        Assert.Null(await directory.FindUserByLegacyDnAsync("/o=Contoso"));
        Assert.Null(await directory.FindUserByLegacyDnAsync(""));
        Assert.Null(await directory.FindUserByLegacyDnAsync(null!));
        Assert.Null(await directory.FindUserByLegacyDnAsync(new string('x', 5000)));
    }

    [Fact]
    public async Task ListUsersReturnsEveryoneByAddressWithAliases()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("carol@contoso.com"));
        await directory.CreateUserAsync(new("Alice@contoso.com"));
        await directory.CreateUserAsync(new("bob@contoso.com") { Kind = RecipientKind.Room });
        await directory.AddAliasAsync("bob@contoso.com", "b2@contoso.com");
        await directory.AddAliasAsync("bob@contoso.com", "b1@contoso.com");
        await directory.AddAliasAsync("carol@contoso.com", "c@contoso.com");

        var users = await directory.ListUsersAsync();

        Assert.Equal(["Alice@contoso.com", "bob@contoso.com", "carol@contoso.com"], users.Select(u => u.PrimarySmtpAddress));
        Assert.Empty(users[0].Aliases);
        Assert.Equal(["b2@contoso.com", "b1@contoso.com"], users[1].Aliases);
        Assert.Equal(["c@contoso.com"], users[2].Aliases);
        Assert.Equal(RecipientKind.Room, users[1].Kind);
    }

    [Fact]
    public async Task RemoveUserByPrimaryOrAliasRemovesAddressesMembershipsAndSecrets()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var alice = (await directory.CreateUserAsync(new("alice@contoso.com") { Password = "correct horse" })).Value;
        await directory.CreateUserAsync(new("bob@contoso.com") { Password = "correct horse" });
        await directory.AddAliasAsync("alice@contoso.com", "asmith@contoso.com");
        await directory.CreateGroupAsync("sales@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "alice@contoso.com");
        await directory.AddGroupMemberAsync("sales@contoso.com", "bob@contoso.com");

        var removed = await directory.RemoveUserAsync("ASMITH@contoso.com");

        Assert.True(removed.Value);
        Assert.Null(await directory.GetUserAsync(alice.MailboxId));
        Assert.Null(await directory.FindUserByAddressAsync("alice@contoso.com"));
        Assert.Null(await directory.ResolveAsync("asmith@contoso.com"));
        Assert.Null(await directory.AuthenticateAsync("alice@contoso.com", "correct horse"));
        Assert.Null(await directory.GetNtlmHashAsync("alice@contoso.com"));
        Assert.Equal(["bob@contoso.com"], (await directory.FindGroupAsync("sales@contoso.com"))!.Members);
        Assert.Equal(["bob@contoso.com"], (await directory.ExpandGroupAsync("sales@contoso.com")).Select(u => u.PrimarySmtpAddress));
        Assert.Equal(1L, await data.QueryAsync("SELECT count(*) FROM ntlm_secrets;"));
        Assert.Equal(1L, await data.QueryAsync("SELECT count(*) FROM addresses WHERE user_id IS NOT NULL;"));

        // Both addresses are free again.
        Assert.True((await directory.CreateUserAsync(new("asmith@contoso.com"))).IsSuccess);
        Assert.True((await directory.CreateUserAsync(new("alice@contoso.com"))).IsSuccess);
    }

    [Fact]
    public async Task RemoveUserFailsForUnknownGroupAndMalformedAddresses()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com"));
        await directory.CreateGroupAsync("sales@contoso.com");

        Assert.Equal(DirectoryError.NotFound, (await directory.RemoveUserAsync("bob@contoso.com")).Error);
        Assert.Equal(DirectoryError.NotFound, (await directory.RemoveUserAsync("sales@contoso.com")).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.RemoveUserAsync("alice")).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.RemoveUserAsync(null!)).Error);
        Assert.Single(await directory.ListUsersAsync());
        Assert.NotNull(await directory.FindGroupAsync("sales@contoso.com"));
    }

    [Fact]
    public async Task SetPasswordReplacesTheOldPassword()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com") { Password = "first password" });

        var result = await directory.SetPasswordAsync("Alice@Contoso.com", "second password");

        Assert.True(result.Value);
        Assert.Null(await directory.AuthenticateAsync("alice@contoso.com", "first password"));
        Assert.NotNull(await directory.AuthenticateAsync("alice@contoso.com", "second password"));
    }

    [Fact]
    public async Task SetPasswordLetsAUserWithoutPasswordSignIn()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com"));
        Assert.Null(await directory.GetNtlmHashAsync("alice@contoso.com"));

        Assert.True((await directory.SetPasswordAsync("alice@contoso.com", "password")).Value);

        Assert.NotNull(await directory.AuthenticateAsync("alice@contoso.com", "password"));
        Assert.Equal("8846F7EAEE8FB117AD06BDD830B7586C", Convert.ToHexString((await directory.GetNtlmHashAsync("alice@contoso.com"))!));
    }

    [Fact]
    public async Task SetPasswordFailures()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com") { Password = "correct horse" });
        await directory.CreateGroupAsync("sales@contoso.com");

        Assert.Equal(DirectoryError.WeakPassword, (await directory.SetPasswordAsync("alice@contoso.com", "")).Error);
        Assert.Equal(DirectoryError.WeakPassword, (await directory.SetPasswordAsync("alice@contoso.com", "short")).Error);
        Assert.Equal(DirectoryError.WeakPassword, (await directory.SetPasswordAsync("alice@contoso.com", null!)).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetPasswordAsync("alice@contoso.com", new string('x', 300))).Error);
        Assert.Equal(DirectoryError.NotFound, (await directory.SetPasswordAsync("bob@contoso.com", "correct horse")).Error);
        Assert.Equal(DirectoryError.NotFound, (await directory.SetPasswordAsync("sales@contoso.com", "correct horse")).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetPasswordAsync("alice", "correct horse")).Error);
        Assert.NotNull(await directory.AuthenticateAsync("alice@contoso.com", "correct horse"));
    }

    [Fact]
    public async Task SetUserEnabledTogglesSignInButKeepsTheMailboxResolvable()
    {
        await using var data = new TestDataDirectory();
        IDirectory directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com") { Password = "correct horse" });

        Assert.True((await directory.SetUserEnabledAsync("alice@contoso.com", false)).Value);
        Assert.False((await directory.SetUserEnabledAsync("alice@contoso.com", false)).Value);

        Assert.Null(await directory.AuthenticateAsync("alice@contoso.com", "correct horse"));
        Assert.Null(await directory.GetNtlmHashAsync("alice@contoso.com"));
        Assert.False((await directory.FindUserByAddressAsync("alice@contoso.com"))!.Enabled);
        Assert.NotNull(await directory.ResolveAsync("alice@contoso.com"));

        Assert.True((await directory.SetUserEnabledAsync("alice@contoso.com", true)).Value);
        Assert.NotNull(await directory.AuthenticateAsync("alice@contoso.com", "correct horse"));
        Assert.Equal(DirectoryError.NotFound, (await directory.SetUserEnabledAsync("bob@contoso.com", false)).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetUserEnabledAsync("bob", false)).Error);
    }
}
