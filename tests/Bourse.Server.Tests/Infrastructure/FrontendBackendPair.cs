using System.Globalization;
using Bourse.Directory.Sqlite;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>
/// Two real processes on 127.0.0.1 sharing one data directory (one directory, one store, one certificate): a
/// <c>--role backend</c> that holds database DB02 (bob), and a <c>--role frontend</c> that serves DB01 (alice) itself
/// and proxies DB02 to that backend — the only back end it knows, pinned by certificate, with a shared secret for the
/// forwarded identity. Each writes its own protocol log.
/// </summary>
public sealed class FrontendBackendPair : IAsyncLifetime
{
    public const string Password = "Pair-Password-9";
    private const string Secret = "a-shared-secret-of-at-least-32-characters-for-tests";

    private readonly TempDirectory _data = new();
    private BourseServer? _frontend;
    private BourseServer? _backend;

    internal BourseServer Frontend => _frontend ?? throw new InvalidOperationException("not started");

    internal BourseServer Backend => _backend ?? throw new InvalidOperationException("not started");

    internal string DataDirectory => _data.Path;

    internal string FrontendLogs => _data.Combine("logs-frontend");

    internal string BackendLogs => _data.Combine("logs-backend");

    public Guid BobMailbox { get; private set; }

    public async Task InitializeAsync()
    {
        var common = new Dictionary<string, string>
        {
            ["BOURSE_Bourse__PasswordHashIterations"] = "20000",
            ["BOURSE_Bourse__Throttling__AddressFailureLimit"] = "1000",
        };
        foreach (var (user, database) in new[] { ("alice", "DB01"), ("bob", "DB02") })
        {
            var created = await BourseProcess.RunAsync(["mailbox", "new", $"{user}@bourse.test", "--database", database, "--password-stdin", "--data", _data.Path],
                Password + "\n", environment: common);
            Assert.True(created.ExitCode == 0, created.ToString());
        }
        await using (var directory = await SqliteDirectory.OpenAsync(new SqliteDirectoryOptions { DataDirectory = _data.Path }))
            BobMailbox = (await directory.FindUserByAddressAsync("bob@bourse.test"))!.MailboxId.Value;

        _backend = await BourseServer.StartAsync(_data.Path, ["--domain", "bourse.test", "--role", "backend"], new Dictionary<string, string>(common)
        {
            ["BOURSE_Bourse__ClientAccess__SharedSecret"] = Secret,
            ["BOURSE_Bourse__ClientAccess__Databases__0"] = "DB02",
            ["BOURSE_Bourse__ProtocolLog__LogDirectory"] = BackendLogs,
            ["BOURSE_Bourse__Health__ServerName"] = "BACKEND",
        });
        _frontend = await BourseServer.StartAsync(_data.Path, ["--domain", "bourse.test", "--role", "frontend"], new Dictionary<string, string>(common)
        {
            ["BOURSE_Bourse__ClientAccess__SharedSecret"] = Secret,
            ["BOURSE_Bourse__ClientAccess__Databases__0"] = "DB01",
            ["BOURSE_Bourse__ClientAccess__Backends__DB02"] = $"https://127.0.0.1:{_backend.Port.ToString(CultureInfo.InvariantCulture)}/",
            ["BOURSE_Bourse__ClientAccess__BackendCertificateThumbprints__0"] = _backend.Fingerprint,
            ["BOURSE_Bourse__ProtocolLog__LogDirectory"] = FrontendLogs,
            ["BOURSE_Bourse__Health__ServerName"] = "FRONTEND",
        });
    }

    public async Task DisposeAsync()
    {
        if (_frontend is not null)
            await _frontend.DisposeAsync();
        if (_backend is not null)
            await _backend.DisposeAsync();
        _data.Dispose();
    }
}
