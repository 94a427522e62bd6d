using System.Globalization;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>
/// A real <c>bourse serve --domain bourse.test</c> of its own on 127.0.0.1 with the given users (created through the
/// CLI, all with <see cref="Password"/>) and settings, for conformance tests whose configuration or lockouts must not
/// touch the shared <see cref="LiveServer"/>.
/// </summary>
internal sealed class ConformanceServer : IAsyncDisposable
{
    public const string Domain = "bourse.test";
    public const string NetBios = "BOURSE";
    public const string Password = "Conformance-Pass-5";

    private readonly TempDirectory _data = new();
    private BourseServer? _server;

    public BourseServer Server => _server ?? throw new InvalidOperationException("not started");

    public string DataDirectory => _data.Path;

    public int Port => Server.Port;

    public string Url(string path) => $"https://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{path}";

    public static async Task<ConformanceServer> StartAsync(IEnumerable<string> users, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>
        {
            // Fewer PBKDF2 rounds keep the suite fast; the code path is the same.
            ["BOURSE_Bourse__PasswordHashIterations"] = "20000",
            ["BOURSE_Bourse__Throttling__AddressFailureLimit"] = "1000",
        };
        foreach (var (key, value) in settings)
            environment[key] = value;
        var server = new ConformanceServer();
        try
        {
            foreach (var user in users)
            {
                var created = await BourseProcess.RunAsync(["mailbox", "new", $"{user}@{Domain}", "--name", user + " Display", "--password-stdin", "--data", server.DataDirectory],
                    Password + "\n", environment: environment);
                Assert.True(created.ExitCode == 0, created.ToString());
            }
            server._server = await BourseServer.StartAsync(server.DataDirectory, ["--domain", Domain], environment);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _data.Dispose();
    }
}
