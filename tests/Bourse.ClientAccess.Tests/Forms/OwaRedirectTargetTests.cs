using Bourse.ClientAccess.Forms;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Tests.Forms;

public sealed class OwaRedirectTargetTests
{
    private static HttpRequest Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("mail.bourse.test");
        return context.Request;
    }

    [Theory]
    [InlineData("/owa/", "/owa/")]
    [InlineData("/owa", "/owa")]
    [InlineData("/OWA/?path=/mail", "/owa/?path=/mail")]
    [InlineData("/Owa", "/owa")]
    [InlineData("https://mail.bourse.test/owa/?ae=Item", "/owa/?ae=Item")]
    [InlineData("/owa/projection.aspx", "/owa/projection.aspx")]
    public void AcceptsOwaPathsOfThisOrigin(string value, string expected) => Assert.Equal(expected, OwaRedirectTarget.Resolve(value, Request()));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://mail.bourse.test/owa/")]
    [InlineData("https://mail.bourse.test.evil.example/owa/")]
    [InlineData("https://evil.example/owa/")]
    [InlineData("//evil.example/owa/")]
    [InlineData("///evil.example/owa/")]
    [InlineData("/\\evil.example")]
    [InlineData("/owa\\..\\evil")]
    [InlineData("/owa/../evil")]
    [InlineData("/owa/./../evil")]
    [InlineData("/owa/%2E%2E/evil")]
    [InlineData("/owa/%2F%2Fevil.example")]
    [InlineData("/owa/\tx")]
    [InlineData("/owa/\nLocation: x")]
    [InlineData("/owafoo")]
    [InlineData("/ecp/")]
    [InlineData("/owa/auth/logon.aspx")]
    [InlineData("/owa/logoff.owa")]
    [InlineData("data:text/html,<script>")]
    public void RefusesEverythingElse(string? value) => Assert.Equal("/owa/", OwaRedirectTarget.Resolve(value, Request()));
}
