using Bourse.Testing;
using System.Net;
using Bourse.ClientAccess.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.ClientAccess.Tests.Forms;

public sealed class FormsSignInTests : IAsyncLifetime
{
    private const string Password = "correct horse";
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FrontDoorTestServer _server = null!;
    private readonly CookieJarClient _browser = new();

    public async Task InitializeAsync()
    {
        _server = await FrontDoorTestServer.StartAsync(
            new()
            {
                ["Bourse:Throttling:AccountFailureLimit"] = "3",
                ["Bourse:Throttling:AccountLockoutDuration"] = "00:05:00",
                ["Bourse:Owa:IdleTimeout"] = "08:00:00",
            },
            services => services.AddSingleton<TimeProvider>(_time));
        _server.Directory.Add("alice@bourse.test", Password);
        _server.Directory.Add("bob@bourse.test", Password);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task LogonPageIsAnAccessibleScriptFreeForm()
    {
        using var page = await _browser.GetAsync(_server.Https("/owa/auth/logon.aspx"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/owa/auth.owa\"", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">", html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"username\"", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">", html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"current-password\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(page.Headers.CacheControl!.NoStore);
    }

    [Theory]
    [InlineData("/owa/")]
    [InlineData("/owa")]
    public async Task OwaRedirectsToTheSignInPageWhenSignedOut(string path)
    {
        using var response = await _browser.GetAsync(_server.Https(path));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/owa/auth/logon.aspx?url=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInSetsASecureHttpOnlySameSiteStrictCookieScopedToOwa()
    {
        using var response = await OwaSignIn.PostAsync(_browser, _server, "alice@bourse.test", Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/owa/", response.Headers.Location!.OriginalString);

        var session = _browser.SetCookie(".Bourse.Owa");
        Assert.NotNull(session);
        var attributes = Attributes(session);
        Assert.Contains("path=/owa", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        // A browser-session cookie: the idle timeout lives in the encrypted ticket, not in an Expires attribute.
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal));

        // The canary is for the page script: readable (not HttpOnly), but as locked down otherwise.
        var canary = Attributes(_browser.SetCookie("X-OWA-CANARY")!);
        Assert.Contains("path=/owa", canary);
        Assert.Contains("secure", canary);
        Assert.Contains("samesite=strict", canary);
        Assert.DoesNotContain("httponly", canary);

        using var home = await _browser.GetAsync(_server.Https("/owa/"));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Signed in as alice@bourse.test", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice@bourse.test")]
    [InlineData("BOURSE\\alice")]
    public async Task AnyLoginSpellingSignsIn(string login)
    {
        await OwaSignIn.SignInAsync(_browser, _server, login, Password);
        using var echo = await _browser.GetAsync(_server.Https("/owa/service/echo"));
        Assert.Equal("user=alice@bourse.test;method=Forms", await echo.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongPasswordShowsTheFormAgainWithoutASession()
    {
        using var response = await OwaSignIn.PostAsync(_browser, _server, "alice@bourse.test", "wrong");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"alice@bourse.test\"", html, StringComparison.Ordinal);
        Assert.False(_browser.Cookies.ContainsKey(".Bourse.Owa"));
        Assert.DoesNotContain("wrong", string.Join('\n', _server.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedFailuresLockTheAccountOutWithoutCheckingThePassword()
    {
        for (var i = 0; i < 3; i++)
        {
            using var failed = await OwaSignIn.PostAsync(_browser, _server, "alice@bourse.test", "wrong" + i);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        var calls = _server.Directory.AuthenticateCalls;
        using var locked = await OwaSignIn.PostAsync(_browser, _server, "alice@bourse.test", Password);
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.Equal(300, locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
        Assert.Equal(calls, _server.Directory.AuthenticateCalls);
        Assert.False(_browser.Cookies.ContainsKey(".Bourse.Owa"));

        // The lockout is the account's, shared with Basic: the same account is locked for EWS too.
        using var basic = await _browser.GetAsync(_server.Https("/EWS/Exchange.asmx"),
            r => r.Headers.Authorization = CookieJarClient.Basic("alice@bourse.test", Password));
        Assert.Equal((HttpStatusCode)429, basic.StatusCode);

        using var bob = await OwaSignIn.PostAsync(new CookieJarClient(), _server, "bob@bourse.test", Password);
        Assert.Equal(HttpStatusCode.Redirect, bob.StatusCode);
    }

    [Fact]
    public async Task SignInFormWithoutItsAntiforgeryTokenIsRefused()
    {
        using var response = await _browser.PostFormAsync(_server.Https("/owa/auth.owa"),
            [new("username", "alice@bourse.test"), new("password", Password)]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(_browser.Cookies.ContainsKey(".Bourse.Owa"));
    }

    [Fact]
    public async Task SignInOverPlainHttpIsRefused()
    {
        using var response = await _browser.PostFormAsync(_server.Http("/owa/auth.owa"),
            [new("username", "alice@bourse.test"), new("password", Password)]);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _server.Directory.AuthenticateCalls);
    }

    [Fact]
    public async Task StateChangingCallsNeedTheCanaryHeader()
    {
        await OwaSignIn.SignInAsync(_browser, _server, "alice@bourse.test", Password);
        var canary = _browser.Cookies["X-OWA-CANARY"];

        using var read = await _browser.GetAsync(_server.Https("/owa/service/echo"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        foreach (var path in new[] { "/owa/service/echo", "/owa/service/raw" })
        {
            using var missing = await _browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, _server.Https(path)));
            Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);

            var wrongRequest = new HttpRequestMessage(HttpMethod.Post, _server.Https(path));
            wrongRequest.Headers.Add("X-OWA-CANARY", "not-a-canary");
            using var wrong = await _browser.SendAsync(wrongRequest);
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);

            var rightRequest = new HttpRequestMessage(HttpMethod.Post, _server.Https(path));
            rightRequest.Headers.Add("X-OWA-CANARY", canary);
            using var right = await _browser.SendAsync(rightRequest);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        var delete = new HttpRequestMessage(HttpMethod.Delete, _server.Https("/owa/service/echo"));
        using var deleted = await _browser.SendAsync(delete);
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
    }

    [Fact]
    public async Task AnotherUsersCanaryIsRefused()
    {
        using var bob = new CookieJarClient();
        await OwaSignIn.SignInAsync(bob, _server, "bob@bourse.test", Password);
        await OwaSignIn.SignInAsync(_browser, _server, "alice@bourse.test", Password);

        var request = new HttpRequestMessage(HttpMethod.Post, _server.Https("/owa/service/echo"));
        request.Headers.Add("X-OWA-CANARY", bob.Cookies["X-OWA-CANARY"]);
        using var response = await _browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ASafeCallReissuesALostCanary()
    {
        await OwaSignIn.SignInAsync(_browser, _server, "alice@bourse.test", Password);
        _browser.Cookies.Remove("X-OWA-CANARY");
        using var read = await _browser.GetAsync(_server.Https("/owa/service/echo"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(_browser.Cookies.ContainsKey("X-OWA-CANARY"));
        var request = new HttpRequestMessage(HttpMethod.Post, _server.Https("/owa/service/echo"));
        request.Headers.Add("X-OWA-CANARY", _browser.Cookies["X-OWA-CANARY"]);
        using var write = await _browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task SignOutClearsTheSession(string method)
    {
        await OwaSignIn.SignInAsync(_browser, _server, "alice@bourse.test", Password);
        using var signOut = await _browser.SendAsync(new HttpRequestMessage(new HttpMethod(method), _server.Https("/owa/logoff.owa")));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/owa/auth/logon.aspx", signOut.Headers.Location!.OriginalString);
        var cleared = Attributes(_browser.SetCookie(".Bourse.Owa")!);
        Assert.Contains("path=/owa", cleared);
        Assert.Contains(cleared, a => a.StartsWith("expires=thu, 01 jan 1970", StringComparison.Ordinal));
        Assert.False(_browser.Cookies.ContainsKey(".Bourse.Owa"));
        Assert.False(_browser.Cookies.ContainsKey("X-OWA-CANARY"));

        using var home = await _browser.GetAsync(_server.Https("/owa/"));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task AForgedCookieSendsPagesToSignInAndApiCallsGet440()
    {
        _browser.Cookies[".Bourse.Owa"] = "CfDJ8forged" + new string('A', 200);
        using var page = await _browser.GetAsync(_server.Https("/owa/"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/owa/auth/logon.aspx", page.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var api = await _browser.GetAsync(_server.Https("/owa/service/echo"));
        Assert.Equal(440, (int)api.StatusCode);
        Assert.Null(api.Headers.Location);

        using var write = await _browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, _server.Https("/owa/service/echo")));
        Assert.Equal(440, (int)write.StatusCode);
    }

    [Fact]
    public async Task TheSessionSlidesWhileUsedAndExpiresWhenIdle()
    {
        await OwaSignIn.SignInAsync(_browser, _server, "alice@bourse.test", Password);
        // Used every 5 hours: each use past half the idle timeout renews the ticket.
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromHours(5));
            using var used = await _browser.GetAsync(_server.Https("/owa/service/echo"));
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }
        _time.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));
        using var expiredApi = await _browser.GetAsync(_server.Https("/owa/service/echo"));
        Assert.Equal(440, (int)expiredApi.StatusCode);
        using var expiredPage = await _browser.GetAsync(_server.Https("/owa/"));
        Assert.Equal(HttpStatusCode.Redirect, expiredPage.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/owa/")]
    [InlineData("//evil.example/owa/")]
    [InlineData("/\\evil.example/owa/")]
    [InlineData("\\\\evil.example")]
    [InlineData("/owa/../../evil")]
    [InlineData("/owa/%2e%2e/%2e%2e/evil")]
    [InlineData("/owa%2f..%2f..%2fevil")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/owa/\r\nSet-Cookie: x=y")]
    [InlineData("/ecp/")]
    [InlineData("https://user@127.0.0.1/owa/")]
    public async Task SignInNeverRedirectsOffOwa(string destination)
    {
        using var response = await OwaSignIn.PostAsync(_browser, _server, "alice@bourse.test", Password, destination);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/owa/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInReturnsToTheRequestedOwaPage()
    {
        using var response = await OwaSignIn.PostAsync(_browser, _server, "alice@bourse.test", Password, "/owa/?path=/calendar");
        Assert.Equal("/owa/?path=/calendar", response.Headers.Location!.OriginalString);

        using var second = await OwaSignIn.PostAsync(new CookieJarClient(), _server, "alice@bourse.test", Password,
            _server.Https("/owa/#path=/mail"));
        Assert.Equal("/owa/", second.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheUrlParameterOfTheSignInPageIsCheckedToo()
    {
        using var page = await _browser.GetAsync(_server.Https("/owa/auth/logon.aspx?url=" + Uri.EscapeDataString("https://evil.example/")));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("name=\"destination\" value=\"/owa/\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScriptInTheUsernameIsEchoedAsText()
    {
        const string hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
        using var response = await OwaSignIn.PostAsync(_browser, _server, hostile, "wrong");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    private static List<string> Attributes(string setCookie) =>
        setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
}
