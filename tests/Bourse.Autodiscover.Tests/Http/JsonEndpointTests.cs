using System.Net;
using System.Text.Json;
using Bourse.Autodiscover.Tests.Infrastructure;

namespace Bourse.Autodiscover.Tests.Http;

public sealed class JsonEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("EWS", "EWS", "https://mail.contoso.com/EWS/Exchange.asmx")]
    [InlineData("ActiveSync", "ActiveSync", "https://mail.contoso.com/Microsoft-Server-ActiveSync")]
    [InlineData("activesync", "ActiveSync", "https://mail.contoso.com/Microsoft-Server-ActiveSync")]
    [InlineData("AutodiscoverV1", "AutodiscoverV1", "https://mail.contoso.com/autodiscover/autodiscover.xml")]
    public async Task QueryFormAnswersProtocolUrlAnonymously(string protocol, string canonical, string url)
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync($"/autodiscover/autodiscover.json?Email=alice%40contoso.com&Protocol={protocol}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($$"""{"Protocol":"{{canonical}}","Url":"{{url}}"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task V1PathFormAnswersProtocolUrl()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync("/Autodiscover/Autodiscover.json/v1.0/alice@contoso.com?Protocol=EWS&RedirectCount=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"Protocol":"EWS","Url":"https://mail.contoso.com/EWS/Exchange.asmx"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownProtocolGets400InvalidProtocolWithoutEchoingIt()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync("/autodiscover/autodiscover.json?Email=alice@contoso.com&Protocol=%3Cscript%3E");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("InvalidProtocol", json.RootElement.GetProperty("ErrorCode").GetString());
        var message = json.RootElement.GetProperty("ErrorMessage").GetString()!;
        Assert.Contains("ActiveSync,EWS,AutodiscoverV1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("script", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingProtocolGets400()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync("/autodiscover/autodiscover.json?Email=alice@contoso.com");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("MandatoryParameterMissing", json.RootElement.GetProperty("ErrorCode").GetString());
    }

    [Fact]
    public async Task ExistingAndMadeUpAddressesGetIdenticalAnswers()
    {
        using var client = fixture.Server.CreateClient();
        var known = await client.GetStringAsync("/autodiscover/autodiscover.json?Email=alice@contoso.com&Protocol=EWS");
        var unknown = await client.GetStringAsync("/autodiscover/autodiscover.json?Email=no.such.person@contoso.com&Protocol=EWS");
        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task DomainNotHostedGets404()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync("/autodiscover/autodiscover.json?Email=someone@example.org&Protocol=EWS");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("DomainNotFound", json.RootElement.GetProperty("ErrorCode").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Email=not-an-address&")]
    public async Task MissingOrInvalidEmailGets400(string emailPart)
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync($"/autodiscover/autodiscover.json?{emailPart}Protocol=EWS");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
