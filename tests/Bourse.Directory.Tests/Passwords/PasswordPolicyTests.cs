using Bourse.Directory.Passwords;

namespace Bourse.Directory.Tests.Passwords;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("1234567")]
    public void CheckCallsShortPasswordsWeak(string? password)
    {
        Assert.Equal(DirectoryError.WeakPassword, PasswordPolicy.Check(password, out var message));
        Assert.NotNull(message);
    }

    [Theory]
    [InlineData("12345678")]
    [InlineData("correct horse battery staple")]
    public void CheckAcceptsEightCharactersOrMore(string password)
    {
        Assert.Equal(DirectoryError.None, PasswordPolicy.Check(password, out var message));
        Assert.Null(message);
    }

    [Fact]
    public void CheckRefusesPasswordsLongerThan256Characters()
    {
        Assert.Equal(DirectoryError.None, PasswordPolicy.Check(new string('x', 256), out _));
        Assert.Equal(DirectoryError.InvalidArgument, PasswordPolicy.Check(new string('x', 257), out _));
    }
}
