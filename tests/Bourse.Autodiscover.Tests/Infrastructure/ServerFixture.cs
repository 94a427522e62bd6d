namespace Bourse.Autodiscover.Tests.Infrastructure;

/// One Kestrel host per test class (HTTPS plus a plain-HTTP listener with the redirect method on).
public sealed class ServerFixture : IAsyncLifetime
{
    internal AutodiscoverTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await AutodiscoverTestServer.StartAsync(httpListener: true, httpRedirect: true);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
