using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Directory;
using Bourse.Directory.Devices;
using Bourse.Directory.Sqlite;
using Bourse.Mailbox;
using Bourse.Storage.Sqlite;
using Bourse.Testing;
using Microsoft.AspNetCore.Builder;

namespace Bourse.Owa.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 (TLS, free port) serving Outlook on the web exactly as <c>bourse serve</c> maps it —
/// Client Access's forms sign-in and X-OWA-CANARY check in front of the API — on a real SQLite store and directory in a
/// temporary folder, with users alice and bob (and any others asked for).
/// </summary>
internal sealed class OwaTestServer : IAsyncDisposable
{
    public const string Domain = "bourse.test";
    public const string Password = "Correct-Horse-7";

    private readonly WebApplication _app;

    private OwaTestServer(WebApplication app, string dataDirectory, SqliteMailStore store, SqliteDirectory directory, MailboxOperations operations,
        X509Certificate2 certificate, int port)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Store = store;
        Directory = directory;
        Operations = operations;
        Certificate = certificate;
        Port = port;
        Delivery = new MailDelivery(store, directory, TimeProvider.System);
    }

    public SqliteMailStore Store { get; }

    public SqliteDirectory Directory { get; }

    public IDeviceDirectory Devices => Directory;

    public MailboxOperations Operations { get; }

    public MailDelivery Delivery { get; }

    public X509Certificate2 Certificate { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public string Url(string path) => $"https://127.0.0.1:{Port}{path}";

    public static async Task<OwaTestServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, params string[] users)
    {
        if (users.Length == 0)
            users = ["alice", "bob"];
        var (data, store, directory, operations) = await TestMailSystem.CreateAsync("bourse-owa-tests", Domain, Password, users);

        var certificate = TestTlsCertificate.Create("mail." + Domain);
        var app = OwaHost.CreateBuilder(data, store, directory, operations, certificate, settings).Build();
        var port = await OwaHost.MapAndStartAsync(app, webClient: true);
        return new OwaTestServer(app, data, store, directory, operations, certificate, port);
    }

    public async Task<DirectoryUser> UserAsync(string name) =>
        await Directory.FindUserByAddressAsync($"{name}@{Domain}") ?? throw new InvalidOperationException(name);

    /// <summary>A well-known folder of the user's mailbox, read from the store.</summary>
    public async Task<Folder> WellKnownFolderAsync(string user, WellKnownFolder folder) =>
        await Store.GetWellKnownFolderAsync((await UserAsync(user)).MailboxId, folder) ?? throw new InvalidOperationException(folder.ToString());

    /// <summary>The stored item behind an API id, read from the store (the test fails when there is none).</summary>
    public async Task<Item> StoredItemAsync(string id)
    {
        Assert.True(StoreIds.TryDecodeItem(id, out var mailbox, out var item));
        return await Store.GetItemAsync(mailbox, item) ?? throw new InvalidOperationException("missing");
    }

    /// <summary>The API id of a well-known folder of the user's mailbox.</summary>
    public async Task<string> WellKnownFolderIdAsync(string user, WellKnownFolder folder) =>
        StoreIds.Encode((await UserAsync(user)).MailboxId, (await WellKnownFolderAsync(user, folder)).Id);

    /// <summary>A browser signed in as the user through the real sign-in form (session cookie and canary kept).</summary>
    public async Task<OwaSession> SignInAsync(string user = "alice", string password = Password)
    {
        var session = new OwaSession(this);
        await session.SignInAsync($"{user}@{Domain}", password);
        return session;
    }

    /// <summary>A browser with no session.</summary>
    public OwaSession Anonymous() => new(this);

    /// <summary>Delivers a MIME message to the user as SMTP would.</summary>
    public async Task DeliverAsync(string to, string mime)
    {
        var r = await Delivery.DeliverAsync($"{to}@{Domain}", Encoding.UTF8.GetBytes(mime));
        Assert.True(r.IsDelivered, r.ToString());
    }

    /// <summary>Delivers a plain-text message.</summary>
    public Task DeliverAsync(string to, string subject, string body = "Hello.", string from = "carol@example.com", string fromName = "Carol") =>
        DeliverAsync(to, $"From: {fromName} <{from}>\r\nTo: {to}@{Domain}\r\nSubject: {subject}\r\nDate: {DateTime.UtcNow:R}\r\n" +
            $"Message-ID: <{Guid.NewGuid():N}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        await Directory.DisposeAsync();
        Certificate.Dispose();
        try
        {
            System.IO.Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
