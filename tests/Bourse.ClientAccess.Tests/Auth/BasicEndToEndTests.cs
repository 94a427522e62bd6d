using System.Net;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.Auth;

public sealed class BasicEndToEndTests : IAsyncLifetime
{
    private const string Password = "pässwörd-ünïcode";
    private AuthTestServer _server = null!;
    private readonly HttpClient _http = TestHttp.CreateClient();

    public async Task InitializeAsync()
    {
        _server = await AuthTestServer.StartAsync();
        _server.Directory.Add("alice@bourse.test", Password);
        _server.Directory.Add("disabled@bourse.test", Password, enabled: false);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("alice@bourse.test")]
    [InlineData("BOURSE\\alice")]
    [InlineData("Alice@Bourse.Test")]
    public async Task BasicOverTlsWorksWithEmailUpnOrDomainUser(string login)
    {
        using var response = await _http.GetAsync(_server.Https("/Microsoft-Server-ActiveSync?Cmd=Ping"), TestHttp.Basic(login, Password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("user=alice@bourse.test;method=Basic;mailbox=", body);
    }

    [Fact]
    public async Task CurlBasicOverTlsWorks()
    {
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("curl", "-sS", "-k", "--max-time", "30", "-u", "alice@bourse.test:" + Password, _server.Https("/EWS/Exchange.asmx"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("method=Basic", stdout);
    }

    [Theory]
    [InlineData("alice@bourse.test", "wrong")]
    [InlineData("nobody@bourse.test", Password)]
    [InlineData("disabled@bourse.test", Password)]
    public async Task BadCredentialsGet401WithTheBasicChallenge(string login, string password)
    {
        using var response = await _http.GetAsync(_server.Https("/Microsoft-Server-ActiveSync"), TestHttp.Basic(login, password));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"mail.bourse.test\", charset=\"UTF-8\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains(password, StringComparison.Ordinal) && password != Password || l.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BasicOverPlainHttpIsRefusedWithoutChallenge()
    {
        using var response = await _http.GetAsync(_server.Http("/Microsoft-Server-ActiveSync"), TestHttp.Basic("alice@bourse.test", Password));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Equal(0, _server.Directory.AuthenticateCalls);
    }

    [Fact]
    public async Task PlainHttpDoesNotOfferBasic()
    {
        using var eas = await _http.GetAsync(_server.Http("/Microsoft-Server-ActiveSync"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, eas.StatusCode);
        Assert.Empty(eas.Headers.WwwAuthenticate);
        using var ews = await _http.GetAsync(_server.Http("/EWS/Exchange.asmx"), null);
        Assert.Equal(["Negotiate", "NTLM"], ews.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic !!!")]
    [InlineData("Basic Zm9v")]
    [InlineData("Basic OnBhc3M=")]
    [InlineData("Basic /w==")]
    public async Task MalformedBasicGets401(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Https("/EWS/Exchange.asmx"));
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
