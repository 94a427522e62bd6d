using Bourse.Testing;
using System.Globalization;
using System.Net;
using System.Text;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>A real process with <c>Bourse:Http</c> on 127.0.0.1: plain HTTP is only for the Autodiscover HTTP redirect method.</summary>
public sealed class PlainHttpServer : IAsyncLifetime
{
    public int HttpPort { get; } = FreePort.Get();

    internal ConformanceServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ConformanceServer.StartAsync(["alice"], new Dictionary<string, string>
        {
            ["BOURSE_Bourse__Http"] = $"127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}",
        });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// MS-OXDSCLI 3.1.5.2, the HTTP redirect method, through the real <c>bourse</c> process: Outlook's anonymous
/// <c>GET http://autodiscover.DOMAIN/autodiscover/autodiscover.xml</c> (sent to 127.0.0.1 with that Host header) gets a 302 to
/// the HTTPS endpoint for an accepted domain only, and nothing else is served in clear text — no protocol data, no Basic
/// password, no NTLM handshake.
/// </summary>
public sealed class PlainHttpRedirectTests(PlainHttpServer fixture) : IClassFixture<PlainHttpServer>
{
    private const string PoxRequest =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">" +
        "<Request><EMailAddress>alice@bourse.test</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>";

    private static HttpClient PlainClient() => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private Task<HttpResponseMessage> SendPlainAsync(HttpClient client, HttpMethod method, string host, string path, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, $"http://127.0.0.1:{fixture.HttpPort.ToString(CultureInfo.InvariantCulture)}{path}");
        request.Headers.Host = host;
        configure?.Invoke(request);
        return client.SendAsync(request);
    }

    [Theory]
    [InlineData("autodiscover.bourse.test", "/autodiscover/autodiscover.xml")]
    [InlineData("AutoDiscover.Bourse.Test", "/Autodiscover/AutoDiscover.xml")]
    public async Task RedirectMethodSendsOutlookToTheHttpsEndpoint(string host, string path)
    {
        using var client = PlainClient();
        using var response = await SendPlainAsync(client, HttpMethod.Get, host, path);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        // Built from our accepted domain, lower case, never from the request's bytes.
        Assert.Equal("https://autodiscover.bourse.test/autodiscover/autodiscover.xml", response.Headers.Location?.OriginalString);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        // The redirect's target is the real Autodiscover endpoint: over TLS it asks for credentials with X-SOAP-Enabled.
        using var https = fixture.Server.Server.CreateClient();
        using var target = new HttpRequestMessage(HttpMethod.Post, response.Headers.Location!.PathAndQuery)
        {
            Content = new StringContent(PoxRequest, Encoding.UTF8, "text/xml"),
        };
        target.Headers.Host = "autodiscover.bourse.test";
        using var challenge = await https.SendAsync(target);
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.Equal("True", challenge.Headers.GetValues("X-SOAP-Enabled").Single());
    }

    [Theory]
    [InlineData("autodiscover.evil.example")]
    [InlineData("evil.example")]
    [InlineData("mail.bourse.test")]
    [InlineData("bourse.test")]
    [InlineData("autodiscover.bourse.test.evil.example")]
    [InlineData("127.0.0.1")]
    public async Task OtherHostsAreNotRedirected(string host)
    {
        using var client = PlainClient();
        using var response = await SendPlainAsync(client, HttpMethod.Get, host, "/autodiscover/autodiscover.xml");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/healthz")]
    [InlineData("GET", "/autodiscover/healthcheck.htm")]
    [InlineData("GET", "/autodiscover/autodiscover.json?Email=alice@bourse.test&Protocol=EWS")]
    [InlineData("GET", "/autodiscover/autodiscover.json/v1.0/alice@bourse.test?Protocol=ActiveSync")]
    [InlineData("POST", "/autodiscover/autodiscover.xml")]
    [InlineData("POST", "/autodiscover/autodiscover.svc")]
    [InlineData("POST", "/EWS/Exchange.asmx")]
    [InlineData("POST", "/mapi/emsmdb")]
    [InlineData("OPTIONS", "/Microsoft-Server-ActiveSync")]
    [InlineData("GET", "/owa/")]
    [InlineData("GET", "/owa/auth/logon.aspx")]
    public async Task NothingElseIsServedOverPlainHttp(string method, string path)
    {
        using var client = PlainClient();
        using var response = await SendPlainAsync(client, new HttpMethod(method), "autodiscover.bourse.test", path,
            r => r.Content = method == "POST" ? new StringContent(PoxRequest, Encoding.UTF8, "text/xml") : null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("HTTPS is required.\n", body);
    }

    [Theory]
    [InlineData("POST", "/autodiscover/autodiscover.xml")]
    [InlineData("GET", "/autodiscover/autodiscover.xml")]
    [InlineData("POST", "/EWS/Exchange.asmx")]
    public async Task BasicOverPlainHttpIsRefusedWithoutAChallenge(string method, string path)
    {
        using var client = PlainClient();
        using var response = await SendPlainAsync(client, new HttpMethod(method), "autodiscover.bourse.test", path, r =>
        {
            r.Headers.Authorization = LiveServer.Basic("alice@bourse.test", ConformanceServer.Password);
            if (method == "POST")
                r.Content = new StringContent(PoxRequest, Encoding.UTF8, "text/xml");
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.DoesNotContain("EwsUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NtlmHandshakeIsNotStartedOverPlainHttp()
    {
        await using var connection = await RawHttpConnection.OpenAsync(fixture.HttpPort, tls: false, host: "autodiscover.bourse.test");
        var negotiate = "NTLM " + Convert.ToBase64String(new NtlmTokenClient().CreateNegotiate());
        var pox = await connection.SendAsync("POST", "/autodiscover/autodiscover.xml", PoxRequest, ("Authorization", negotiate));
        Assert.Equal(403, pox.Status);
        Assert.Null(pox.Token("NTLM"));
        // Not even on the redirect path: the redirect method is anonymous, credentials there are refused too.
        var get = await connection.SendAsync("GET", "/autodiscover/autodiscover.xml", null, ("Authorization", negotiate));
        Assert.Equal(403, get.Status);
        Assert.Empty(get.All("WWW-Authenticate"));
    }

    [Fact]
    public async Task PlainHttpRefusalsAreInTheProtocolLogWithoutTls()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var client = PlainClient();
        using (var refused = await SendPlainAsync(client, HttpMethod.Get, "autodiscover.bourse.test", "/autodiscover/autodiscover.json?Protocol=EWS&probe=" + marker))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var lines = await ProtocolLogProbe.WaitForAsync(Path.Combine(fixture.Server.DataDirectory, "logs"), r => r.Query?.Contains(marker, StringComparison.Ordinal) == true);
        var line = Assert.Single(lines);
        Assert.Equal(403, line.Status);
        Assert.Null(line.TlsProtocol);
        Assert.Null(line.User);
    }
}
