using Bourse.ClientAccess.Routing;

namespace Bourse.ClientAccess.Tests.Routing;

public sealed class SmtpAddressSyntaxTests
{
    [Theory]
    [InlineData("alice@bourse.test", true)]
    [InlineData("first.last+tag@sub.bourse.test", true)]
    [InlineData("o'brien@bourse.test", true)]
    [InlineData("a@localhost", true)]
    [InlineData("@bourse.test", false)]
    [InlineData("alice@", false)]
    [InlineData("alice", false)]
    [InlineData("a@b@c", false)]
    [InlineData(".alice@bourse.test", false)]
    [InlineData("alice.@bourse.test", false)]
    [InlineData("al..ice@bourse.test", false)]
    [InlineData("alice@-bourse.test", false)]
    [InlineData("alice@bourse..test", false)]
    [InlineData("alice@bourse.test:444", false)]
    [InlineData("alice@evil.com/mapi", false)]
    [InlineData("a/b@bourse.test", false)]
    [InlineData("a%b@bourse.test", false)]
    [InlineData("a?b@bourse.test", false)]
    [InlineData("\"a b\"@bourse.test", false)]
    public void StrictSyntax(string address, bool valid)
    {
        Assert.Equal(valid, SmtpAddressSyntax.IsValid(address));
    }

    [Fact]
    public void LengthLimits()
    {
        Assert.False(SmtpAddressSyntax.IsValid(new string('a', 65) + "@bourse.test"));
        Assert.True(SmtpAddressSyntax.IsValid(new string('a', 64) + "@bourse.test"));
        Assert.False(SmtpAddressSyntax.IsValid("a@" + new string('b', 64) + ".test"));
    }
}
