using Bourse.Testing;
using System.Net;
using System.Text.RegularExpressions;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.ClientAccess;

/// <summary>Outlook on the web's forms sign-in through the real process: cookie flags, placeholder page, anti-forgery, sign-out.</summary>
[Collection(LiveServerCollection.Name)]
public sealed partial class OwaFormsTests(LiveServer live)
{
    private async Task SignInAsync(CookieJarClient browser)
    {
        using var page = await browser.GetAsync(live.Url("/owa/auth/logon.aspx?url=%2Fowa%2F"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var signIn = await browser.PostFormAsync(live.Url("/owa/auth.owa"),
            [new("__RequestVerificationToken", token), new("username", "alice@bourse.test"), new("password", LiveServer.Password), new("destination", "/owa/")]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/owa/", signIn.Headers.Location?.OriginalString);
        var session = browser.SetCookie(".Bourse.Owa");
        Assert.NotNull(session);
        var attributes = session.ToLowerInvariant();
        Assert.Contains("secure", attributes, StringComparison.Ordinal);
        Assert.Contains("httponly", attributes, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", attributes, StringComparison.Ordinal);
        Assert.Contains("path=/owa", attributes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutASessionOwaSendsTheBrowserToTheSignInForm()
    {
        using var browser = new CookieJarClient();
        using var response = await browser.GetAsync(live.Url("/owa/"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/owa/auth/logon.aspx", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInOpensTheWebClientRefusesForgedWritesAndSignsOut()
    {
        using var browser = new CookieJarClient();
        await SignInAsync(browser);

        using (var home = await browser.GetAsync(live.Url("/owa/")))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            // The browser client's start page: its script from /owa/assets only, never cached, never framed.
            var html = await home.Content.ReadAsStringAsync();
            Assert.Contains("<script type=\"module\"", html, StringComparison.Ordinal);
            Assert.Contains("src=\"/owa/assets/", html, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("no-store", home.Headers.CacheControl?.ToString());
        }
        var canary = browser.Cookies["X-OWA-CANARY"];

        // A state-changing call without the canary (what a cross-site form would send) is refused.
        using (var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, live.Url("/owa/service.svc?action=CreateItem"))))
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Post, live.Url("/owa/service.svc?action=CreateItem"));
        wrong.Headers.Add("X-OWA-CANARY", "not-the-canary");
        using (var wrongResponse = await browser.SendAsync(wrong))
            Assert.Equal(HttpStatusCode.Forbidden, wrongResponse.StatusCode);
        // With it, the call reaches the API, which honestly says it is not there yet.
        var right = new HttpRequestMessage(HttpMethod.Post, live.Url("/owa/service.svc?action=CreateItem"));
        right.Headers.Add("X-OWA-CANARY", canary);
        using (var rightResponse = await browser.SendAsync(right))
            Assert.Equal(HttpStatusCode.NotImplemented, rightResponse.StatusCode);

        using (var signOut = await browser.GetAsync(live.Url("/owa/logoff.owa")))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
            Assert.False(browser.Cookies.ContainsKey(".Bourse.Owa"));
        }
        using var after = await browser.GetAsync(live.Url("/owa/"));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task AForgedSessionCookieIsNotASession()
    {
        using var browser = new CookieJarClient();
        browser.Cookies[".Bourse.Owa"] = "CfDJ8forged" + new string('A', 200);
        using var response = await browser.GetAsync(live.Url("/owa/"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/owa/auth/logon.aspx", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex TokenPattern();
}
