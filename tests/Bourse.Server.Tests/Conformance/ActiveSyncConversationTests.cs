using System.Globalization;
using Bourse.Server.Tests.Infrastructure;
using Bourse.Testing;

namespace Bourse.Server.Tests.Conformance;

/// <summary>
/// The acceptance conversation against the real <c>bourse serve</c> process, driven by a device script that
/// encodes its requests with libwbxml2's xml2wbxml and decodes our answers with wbxml2xml (never with our codec):
/// OPTIONS → Provision (449 or Status 142, then two phases) → FolderSync → Sync of the Inbox (initial, then a message
/// delivered by <c>bourse deliver</c>, another process) → Ping woken by a delivery within 1 s → SendMail (bob's Inbox and
/// alice's Sent Items) → MoveItems → ItemOperations Fetch of an attachment → remote wipe (<c>bourse device wipe</c>)
/// seen on the next request.
/// </summary>
public sealed class ActiveSyncConversationTests : IAsyncLifetime
{
    private ConformanceServer _server = null!;

    public async Task InitializeAsync() => _server = await ConformanceServer.StartAsync(["alice", "bob"], new Dictionary<string, string>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [ToolFact("libwbxml")]
    public Task Version121ConversationPasses() => RunAsync("12.1");

    [ToolFact("libwbxml")]
    [Trait("Scenario", "MSASHTTP_S04_TC01_HTTPOPTIONS")]
    [Trait("Scenario", "MSASCMD_S10_TC01_MoveItems_Success")]
    [Trait("Scenario", "MSASCMD_S15_TC01_SendMail_Success")]
    public Task Version141ConversationPasses() => RunAsync("14.1");

    [ToolFact("libwbxml")]
    public Task Version161ConversationPasses() => RunAsync("16.1");

    private async Task RunAsync(string version)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Conformance", "eas", "eas_conversation.py");
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("/usr/bin/python3",
        [
            script, "--url", _server.Url(""), "--fingerprint", _server.Server.Fingerprint, "--password", ConformanceServer.Password,
            "--bourse", $"dotnet {BourseProcess.Dll}", "--data", _server.DataDirectory, "--version", version, "--domain", ConformanceServer.Domain,
        ], TimeSpan.FromMinutes(3));
        Assert.True(exit == 0 && stdout.TrimEnd().EndsWith("PASS", StringComparison.Ordinal),
            string.Create(CultureInfo.InvariantCulture, $"conversation ({version}) exited {exit}:\n{stdout}\n{stderr}\n--- server output ---\n{_server.Server.Output}"));
    }
}
