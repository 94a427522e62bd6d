using Bourse.Testing;
using System.Net;
using System.Text.RegularExpressions;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>A real process whose OWA sessions end after 3 idle seconds and are checked against the directory every second.</summary>
public sealed class ShortOwaSessionServer : IAsyncLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(3);

    internal ConformanceServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ConformanceServer.StartAsync(["idle", "tampered", "removed"], new Dictionary<string, string>
        {
            ["BOURSE_Bourse__Owa__IdleTimeout"] = "00:00:03",
            ["BOURSE_Bourse__Owa__RevalidateInterval"] = "00:00:01",
        });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The OWA session cookie through the real <c>bourse</c> process: an expired session (idle timeout), a tampered cookie
/// and the session of a user removed from the directory are no longer sessions — pages go back to the sign-in form and
/// script calls get 440 Login Timeout, as from Exchange.
/// </summary>
public sealed partial class OwaSessionExpiryTests(ShortOwaSessionServer fixture) : IClassFixture<ShortOwaSessionServer>
{
    private async Task SignInAsync(CookieJarClient browser, string user)
    {
        using var page = await browser.GetAsync(fixture.Server.Url("/owa/auth/logon.aspx?url=%2Fowa%2F"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var signIn = await browser.PostFormAsync(fixture.Server.Url("/owa/auth.owa"),
            [new("__RequestVerificationToken", token), new("username", $"{user}@bourse.test"), new("password", ConformanceServer.Password), new("destination", "/owa/")]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(browser.Cookies.ContainsKey(".Bourse.Owa"));
        using var home = await browser.GetAsync(fixture.Server.Url("/owa/"));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("src=\"/owa/assets/", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task AssertNoSessionAsync(CookieJarClient browser)
    {
        using (var page = await browser.GetAsync(fixture.Server.Url("/owa/")))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/owa/auth/logon.aspx", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        var api = new HttpRequestMessage(HttpMethod.Post, fixture.Server.Url("/owa/service.svc?action=GetFolder"));
        if (browser.Cookies.TryGetValue("X-OWA-CANARY", out var canary))
            api.Headers.Add("X-OWA-CANARY", canary);
        api.Headers.Add("Action", "GetFolder");
        using var call = await browser.SendAsync(api);
        // Exchange's 440 Login Timeout tells OWA's script to show the sign-in page.
        Assert.Equal(440, (int)call.StatusCode);
    }

    [Fact]
    public async Task AnIdleSessionExpires()
    {
        using var browser = new CookieJarClient();
        await SignInAsync(browser, "idle");
        await Task.Delay(ShortOwaSessionServer.IdleTimeout + TimeSpan.FromSeconds(1.5));
        await AssertNoSessionAsync(browser);
    }

    [Fact]
    public async Task ATamperedCookieIsNotASession()
    {
        using var browser = new CookieJarClient();
        await SignInAsync(browser, "tampered");
        var cookie = browser.Cookies[".Bourse.Owa"];
        var middle = cookie.Length / 2;
        browser.Cookies[".Bourse.Owa"] = cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..];
        await AssertNoSessionAsync(browser);
    }

    [Fact]
    public async Task TheSessionOfARemovedUserEnds()
    {
        using var browser = new CookieJarClient();
        await SignInAsync(browser, "removed");
        var removed = await BourseProcess.RunAsync(["mailbox", "remove", "removed@bourse.test", "--data", fixture.Server.DataDirectory]);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await AssertNoSessionAsync(browser);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex TokenPattern();
}
