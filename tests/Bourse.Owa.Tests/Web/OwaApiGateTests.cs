using System.Net;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Web;

/// <summary>What stands in front of every API call: the session (440 without), the canary on writes (403 without).</summary>
public sealed class OwaApiGateTests : IAsyncLifetime
{
    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnApiCallWithoutASessionGetsLoginTimeout()
    {
        using var browser = _server.Anonymous();
        using var response = await browser.GetAsync("/owa/service/folders");
        Assert.Equal(440, (int)response.StatusCode);
    }

    [Fact]
    public async Task AWriteWithoutTheCanaryIsRefused()
    {
        using var alice = await _server.SignInAsync();
        alice.SendCanary = false;
        using var response = await alice.PostJsonAsync("/owa/service/folders", new { parentId = "x", name = "Projects" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownCallIsAJsonNotFound()
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.GetAsync("/owa/service/no-such-call");
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.NotFound, "UnknownCall");
    }
}
