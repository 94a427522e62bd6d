using Bourse.Core.Ids;

namespace Bourse.Directory.Tests;

public sealed class DirectoryTypesTests
{
    private static DirectoryUser User(params string[] aliases) => new(
        new MailboxId(Guid.Parse("11111111-2222-3333-4444-555555555555")), "alice@contoso.com", aliases.ToList(), "Alice",
        "alice@contoso.com", "alice", "/o=Contoso/cn=Recipients/cn=x-alice", "DB01", RecipientKind.User, true,
        new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void UsersWithEqualFieldsAndAliasesAreEqual()
    {
        Assert.Equal(User("a@contoso.com", "b@contoso.com"), User("a@contoso.com", "b@contoso.com"));
        Assert.Equal(User().GetHashCode(), User().GetHashCode());
        Assert.NotEqual(User("a@contoso.com"), User("b@contoso.com"));
        Assert.NotEqual(User("a@contoso.com", "b@contoso.com"), User("b@contoso.com", "a@contoso.com"));
        Assert.NotEqual(User(), User() with { Enabled = false });
        Assert.NotEqual(User(), User() with { Database = "DB02" });
        Assert.False(User().Equals(null));
        Assert.Equal("contoso.com", User().Domain);
    }

    [Fact]
    public void GroupsWithEqualFieldsMembersAndAliasesAreEqual()
    {
        var a = new DirectoryGroup("sales@contoso.com", "Sales", "/o=X/cn=y", ["alice@contoso.com"]) { Aliases = ["vente@contoso.com"] };
        var b = new DirectoryGroup("sales@contoso.com", "Sales", "/o=X/cn=y", new List<string> { "alice@contoso.com" }) { Aliases = ["vente@contoso.com"] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Members = [] });
        Assert.NotEqual(a, b with { Aliases = [] });
        Assert.Equal(RecipientKind.Group, new DirectoryRecipient(null, a).Kind);
    }

    [Fact]
    public void AFailedResultThrowsOnValueAndASuccessfulOneDoesNot()
    {
        var failed = DirectoryResult<bool>.Fail(DirectoryError.NotFound, "No user has this address.");
        DirectoryResult<bool> ok = true;

        Assert.False(failed.IsSuccess);
        Assert.Throws<InvalidOperationException>(() => failed.Value);
        Assert.True(ok.IsSuccess);
        Assert.True(ok.Value);
        Assert.Null(ok.Message);
    }
}
