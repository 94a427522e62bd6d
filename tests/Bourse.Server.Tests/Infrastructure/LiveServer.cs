using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>
/// One real <c>bourse serve --domain bourse.test</c> on 127.0.0.1 with users created through the CLI, shared by the
/// Client Access end-to-end tests. Each wrong-password scenario has its own user so lockouts never cross tests; the
/// per-address limit is raised so the many deliberate failures from 127.0.0.1 do not block the whole run.
/// </summary>
public sealed class LiveServer : IAsyncLifetime
{
    public const string Domain = "bourse.test";
    public const string NetBios = "BOURSE";
    public const string Password = "Correct-Horse-7";
    public const string ServerName = "NODE1";

    /// <summary>Users: alice (the normal one), and one per failure scenario.</summary>
    public static readonly string[] Users = ["alice", "lockme", "wrongpy", "wrongcurl", "wrongcheck"];

    private readonly TempDirectory _data = new();
    private BourseServer? _server;

    internal BourseServer Server => _server ?? throw new InvalidOperationException("not started");

    internal string DataDirectory => _data.Path;

    public int Port => Server.Port;

    /// <summary>Settings as BOURSE_ environment variables, for the CLI runs and the server alike.</summary>
    internal static Dictionary<string, string> Environment => new()
    {
        // Fewer PBKDF2 rounds keep the suite fast; the code path is the same.
        ["BOURSE_Bourse__PasswordHashIterations"] = "20000",
        ["BOURSE_Bourse__Health__ServerName"] = ServerName,
        ["BOURSE_Bourse__Throttling__AddressFailureLimit"] = "1000",
        ["BOURSE_Bourse__Throttling__AccountFailureLimit"] = "5",
    };

    public async Task InitializeAsync()
    {
        foreach (var user in Users)
        {
            var created = await BourseProcess.RunAsync(["mailbox", "new", $"{user}@{Domain}", "--name", Capitalize(user) + " Test", "--password-stdin", "--data", _data.Path],
                Password + "\n", environment: Environment);
            Assert.True(created.ExitCode == 0, created.ToString());
        }
        _server = await BourseServer.StartAsync(_data.Path, ["--domain", Domain], Environment);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _data.Dispose();
    }

    public string Url(string path) => $"https://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{path}";

    public static AuthenticationHeaderValue Basic(string login, string password = Password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password)));

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
