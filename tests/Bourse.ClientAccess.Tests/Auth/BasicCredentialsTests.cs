using System.Text;
using Bourse.ClientAccess.Auth;

namespace Bourse.ClientAccess.Tests.Auth;

public sealed class BasicCredentialsTests
{
    [Theory]
    [InlineData("alice@bourse.test:pw", "alice@bourse.test", "pw")]
    [InlineData("BOURSE\\alice:p:w", "BOURSE\\alice", "p:w")]
    [InlineData("ünï@bourse.test:пароль", "ünï@bourse.test", "пароль")]
    public void ParsesUtf8UserAndPassword(string raw, string login, string password)
    {
        Assert.True(BourseAuthenticationHandler.TryParseBasic(Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)), out var l, out var p));
        Assert.Equal(login, l);
        Assert.Equal(password, p);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("YWxpY2U=")]
    [InlineData("OnB3")]
    [InlineData("YWxpY2U6")]
    [InlineData("/w==")]
    public void RejectsMalformed(string parameter) =>
        Assert.False(BourseAuthenticationHandler.TryParseBasic(parameter, out _, out _));
}
