using System.Text;
using Bourse.Directory.Sqlite;

namespace Bourse.Directory.Tests.Sqlite;

public sealed class SqliteDirectoryAuthenticationTests
{
    private const string Password = "correct horse";

    private static async Task<SqliteDirectory> OpenWithAliceAsync(TestDataDirectory data, int iterations = TestDataDirectory.FastIterations)
    {
        var directory = await data.OpenAsync(iterations);
        await directory.CreateUserAsync(new("Alice.Smith@contoso.com") { Password = Password });
        await directory.AddAcceptedDomainAsync("fabrikam.com");
        await directory.AddAliasAsync("alice.smith@contoso.com", "asmith@fabrikam.com");
        await directory.CreateUserAsync(new("bob@contoso.com") { Password = "bobs password" });
        return directory;
    }

    [Theory]
    [InlineData("Alice.Smith@contoso.com")]      // primary address = UPN
    [InlineData("alice.smith@contoso.com")]
    [InlineData("ALICE.SMITH@CONTOSO.COM")]
    [InlineData("  alice.smith@contoso.com  ")]
    [InlineData("asmith@fabrikam.com")]          // alias
    [InlineData("ASmith@Fabrikam.COM")]
    [InlineData(@"CONTOSO\Alice.Smith")]         // NetBIOS-style domain \ sAMAccountName
    [InlineData(@"contoso\alice.smith")]
    [InlineData(@"contoso.com\alice.smith")]     // full domain
    [InlineData(@"FABRIKAM\alice.smith")]        // any accepted domain names the one organisation
    public async Task AuthenticateAcceptsEveryLoginForm(string login)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAsync(data);

        var user = await directory.AuthenticateAsync(login, Password);

        Assert.NotNull(user);
        Assert.Equal("Alice.Smith@contoso.com", user.PrimarySmtpAddress);
        Assert.Equal(user, await directory.FindUserByLoginAsync(login));
    }

    [Theory]
    [InlineData("alice.smith@contoso.com", "correct horsE")]
    [InlineData("alice.smith@contoso.com", "CORRECT HORSE")]
    [InlineData("alice.smith@contoso.com", "bobs password")]
    [InlineData("alice.smith@contoso.com", "")]
    [InlineData("alice.smith@contoso.com", null)]
    [InlineData("bob@contoso.com", Password)]
    [InlineData("nobody@contoso.com", Password)]
    [InlineData("alice.smith@northwind.com", Password)]
    [InlineData(@"NORTHWIND\alice.smith", Password)]    // not an accepted domain
    [InlineData(@"CONTOSO\nobody", Password)]
    [InlineData(@"CONTOSO\", Password)]
    [InlineData(@"\alice.smith", Password)]
    [InlineData(@"CONTOSO\alice.smith\x", Password)]
    [InlineData(@"CONTOSO\alice.smith@contoso.com", Password)]
    [InlineData("alice.smith", Password)]                // a bare account name names no domain
    [InlineData("Alice Smith", Password)]
    [InlineData("", Password)]
    [InlineData(null, Password)]
    public async Task AuthenticateReturnsNullForAnyFailure(string? login, string? password)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAsync(data);

        Assert.Null(await directory.AuthenticateAsync(login!, password!));
    }

    [Fact]
    public async Task AuthenticateRefusesAbsurdlyLongInput()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAsync(data);

        Assert.Null(await directory.AuthenticateAsync("alice.smith@contoso.com", Password + new string(' ', 300)));
        Assert.Null(await directory.AuthenticateAsync(new string('a', 100_000) + "@contoso.com", Password));
        Assert.Null(await directory.FindUserByLoginAsync(@"CONTOSO\" + new string('a', 21)));
    }

    [Fact]
    public async Task AuthenticateFailsForADisabledUserEvenWithTheRightPassword()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAsync(data);
        await directory.SetUserEnabledAsync("alice.smith@contoso.com", false);

        Assert.Null(await directory.AuthenticateAsync("alice.smith@contoso.com", Password));
        Assert.Null(await directory.AuthenticateAsync(@"CONTOSO\alice.smith", Password));
        Assert.NotNull(await directory.FindUserByLoginAsync("alice.smith@contoso.com"));
    }

    [Fact]
    public async Task AuthenticateFailsForAUserWithoutPassword()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("room1@contoso.com") { Kind = RecipientKind.Room });

        Assert.Null(await directory.AuthenticateAsync("room1@contoso.com", ""));
        Assert.Null(await directory.AuthenticateAsync("room1@contoso.com", "anything at all"));
        Assert.Null(await directory.GetNtlmHashAsync("room1@contoso.com"));
    }

    [Fact]
    public async Task DownLevelLoginUsesTheTruncatedUniqueSamAccountName()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("christopher.montgomery@contoso.com") { Password = "first password" });
        await directory.AddAcceptedDomainAsync("fabrikam.com");
        await directory.CreateUserAsync(new("christopher.montgomery@fabrikam.com") { Password = "second password" });

        Assert.Equal("christopher.montgomery@contoso.com",
            (await directory.AuthenticateAsync(@"CONTOSO\christopher.montgome", "first password"))?.PrimarySmtpAddress);
        Assert.Equal("christopher.montgomery@fabrikam.com",
            (await directory.AuthenticateAsync(@"FABRIKAM\christopher.montgom1", "second password"))?.PrimarySmtpAddress);
        Assert.Null(await directory.AuthenticateAsync(@"CONTOSO\christopher.montgomery", "first password"));
    }

    [Fact]
    public async Task NetBiosNamesAreTruncatedTo15Characters()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@averyveryverylongname.com") { Password = Password });

        Assert.NotNull(await directory.AuthenticateAsync(@"AVERYVERYVERYLO\alice", Password));
        Assert.NotNull(await directory.AuthenticateAsync(@"AVERYVERYVERYLONGNAME\alice", Password));
        Assert.Null(await directory.AuthenticateAsync(@"AVERYVERY\alice", Password));
    }

    [Fact]
    public async Task PasswordsAreStoredOnlyAsSaltedPbkdf2HashesWithTheConfiguredCost()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync(1_500);
        await directory.CreateUserAsync(new("alice@contoso.com") { Password = "Sup3r-Secret-Passw0rd" });
        await directory.CreateUserAsync(new("bob@contoso.com") { Password = "Sup3r-Secret-Passw0rd" });

        var alice = (string)(await data.QueryAsync("SELECT password_hash FROM users WHERE primary_lower = 'alice@contoso.com';"))!;
        var bob = (string)(await data.QueryAsync("SELECT password_hash FROM users WHERE primary_lower = 'bob@contoso.com';"))!;

        Assert.Matches(@"^pbkdf2-sha256\$1500\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$", alice);
        Assert.NotEqual(alice.Split('$')[2], bob.Split('$')[2]); // different salts
        Assert.NotEqual(alice.Split('$')[3], bob.Split('$')[3]); // hence different hashes
        await directory.DisposeAsync();
        var bytes = File.ReadAllBytes(data.DatabasePath).Concat(ReadIfExists(data.DatabasePath + "-wal")).ToArray();
        Assert.Equal(-1, bytes.AsSpan().IndexOf("Sup3r-Secret"u8));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes("Sup3r-Secret")));
    }

    private static byte[] ReadIfExists(string path) => File.Exists(path) ? File.ReadAllBytes(path) : [];

    [Fact]
    public async Task RaisingTheIterationsRehashesOnTheNextSuccessfulSignIn()
    {
        await using var data = new TestDataDirectory();
        await OpenWithAliceAsync(data, 1_000);
        var before = (string)(await data.QueryAsync("SELECT password_hash FROM users WHERE sam = 'Alice.Smith';"))!;
        Assert.StartsWith("pbkdf2-sha256$1000$", before, StringComparison.Ordinal);

        var stronger = await data.OpenAsync(2_000);
        Assert.Null(await stronger.AuthenticateAsync("alice.smith@contoso.com", "wrong password"));
        Assert.Equal(before, await data.QueryAsync("SELECT password_hash FROM users WHERE sam = 'Alice.Smith';"));

        Assert.NotNull(await stronger.AuthenticateAsync("alice.smith@contoso.com", Password));
        var after = (string)(await data.QueryAsync("SELECT password_hash FROM users WHERE sam = 'Alice.Smith';"))!;
        Assert.StartsWith("pbkdf2-sha256$2000$", after, StringComparison.Ordinal);
        Assert.NotEqual(before.Split('$')[2], after.Split('$')[2]);
        Assert.NotNull(await stronger.AuthenticateAsync("alice.smith@contoso.com", Password));

        // Lowering the setting never weakens a stored hash.
        var weaker = await data.OpenAsync(1_000);
        Assert.NotNull(await weaker.AuthenticateAsync("alice.smith@contoso.com", Password));
        Assert.Equal(after, await data.QueryAsync("SELECT password_hash FROM users WHERE sam = 'Alice.Smith';"));
    }

    [Theory]
    [InlineData("alice.smith@contoso.com")]
    [InlineData("asmith@fabrikam.com")]
    [InlineData(@"CONTOSO\alice.smith")]
    public async Task GetNtlmHashReturnsTheNtHashForEveryLoginForm(string login)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAsync(data);
        await directory.SetPasswordAsync("alice.smith@contoso.com", "password");

        var nt = await directory.GetNtlmHashAsync(login);

        Assert.Equal("8846F7EAEE8FB117AD06BDD830B7586C", Convert.ToHexString(nt!));
    }

    [Fact]
    public async Task TheNtHashLivesOnlyInNtlmSecrets()
    {
        await using var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        await directory.CreateUserAsync(new("alice@contoso.com") { Password = "password" });

        var stored = (byte[])(await data.QueryAsync("SELECT nt_hash FROM ntlm_secrets;"))!;
        var userColumns = (string)(await data.QueryAsync("SELECT group_concat(name) FROM pragma_table_info('users');"))!;

        Assert.Equal("8846F7EAEE8FB117AD06BDD830B7586C", Convert.ToHexString(stored));
        Assert.DoesNotContain("nt", userColumns.Split(','), StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("8846F7EAEE8FB117AD06BDD830B7586C", (string)(await data.QueryAsync("SELECT password_hash FROM users;"))!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetNtlmHashFollowsPasswordChangesAndIsNullWhenSignInIsImpossible()
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAsync(data);
        var first = await directory.GetNtlmHashAsync("alice.smith@contoso.com");

        await directory.SetPasswordAsync("alice.smith@contoso.com", "password");
        var second = await directory.GetNtlmHashAsync("alice.smith@contoso.com");

        Assert.NotNull(first);
        Assert.NotEqual(first, second);
        Assert.Null(await directory.GetNtlmHashAsync("nobody@contoso.com"));
        Assert.Null(await directory.GetNtlmHashAsync(@"NORTHWIND\alice.smith"));
        Assert.Null(await directory.GetNtlmHashAsync(""));
        Assert.Null(await directory.GetNtlmHashAsync(null!));
        await directory.SetUserEnabledAsync("alice.smith@contoso.com", false);
        Assert.Null(await directory.GetNtlmHashAsync("alice.smith@contoso.com"));
    }

    [Theory]
    [InlineData("nobody@contoso.com")]
    [InlineData(@"CONTOSO\nobody")]
    [InlineData(@"NORTHWIND\alice.smith")]
    [InlineData("alice.smith")]
    [InlineData("")]
    [InlineData(null)]
    public async Task FindUserByLoginReturnsNullForUnknownLogins(string? login)
    {
        await using var data = new TestDataDirectory();
        var directory = await OpenWithAliceAsync(data);

        Assert.Null(await directory.FindUserByLoginAsync(login!));
    }
}
