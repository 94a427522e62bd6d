using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Hosting;

/// <summary>One <c>bourse serve --demo</c> shared by the tests that only read from it.</summary>
public sealed class DemoServerFixture : IAsyncLifetime
{
    public const string Domain = "demo.test";

    private readonly TempDirectory _data = new();
    private BourseServer? _server;

    internal BourseServer Server => _server ?? throw new InvalidOperationException("not started");
    internal string DataDirectory => _data.Path;

    public async Task InitializeAsync() => _server = await BourseServer.StartAsync(_data.Path, "--domain", Domain, "--demo");

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _data.Dispose();
    }
}
