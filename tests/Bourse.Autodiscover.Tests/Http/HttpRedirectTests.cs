using System.Net;
using Bourse.Autodiscover.Tests.Infrastructure;

namespace Bourse.Autodiscover.Tests.Http;

public sealed class HttpRedirectTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static async Task<HttpResponseMessage> GetPlainAsync(int port, string host)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/autodiscover/autodiscover.xml");
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("autodiscover.contoso.com", "https://autodiscover.contoso.com/autodiscover/autodiscover.xml")]
    [InlineData("AUTODISCOVER.Fabrikam.com", "https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml")]
    public async Task PlainHttpGetForAcceptedDomainRedirectsToHttps(string host, string location)
    {
        using var response = await GetPlainAsync(fixture.Server.HttpPort!.Value, host);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("autodiscover.evil.example")]
    [InlineData("evil.example")]
    [InlineData("mail.contoso.com")]
    [InlineData("autodiscover.")]
    public async Task PlainHttpGetForOtherHostsIsNotRedirected(string host)
    {
        using var response = await GetPlainAsync(fixture.Server.HttpPort!.Value, host);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task RedirectMethodIsOffUnlessConfigured()
    {
        await using var server = await AutodiscoverTestServer.StartAsync(httpListener: true, httpRedirect: false);
        using var response = await GetPlainAsync(server.HttpPort!.Value, "autodiscover.contoso.com");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
