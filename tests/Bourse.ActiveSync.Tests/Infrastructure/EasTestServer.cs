using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using Bourse.ActiveSync;
using Bourse.Directory;
using Bourse.Directory.Devices;
using Bourse.Directory.Sqlite;
using Bourse.Mailbox;
using Bourse.Storage;
using Bourse.Storage.Sqlite;
using Bourse.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ActiveSync.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 (TLS, free port) serving only ActiveSync, on a real SQLite store and directory in a
/// temporary folder, with users alice and bob. Authentication is a stand-in for Client Access (Basic against the
/// directory, the mailbox claim Client Access sets).
/// </summary>
internal sealed class EasTestServer : IAsyncDisposable
{
    public const string Domain = "bourse.test";
    public const string Password = "Correct-Horse-7";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private EasTestServer(WebApplication app, string dataDirectory, SqliteMailStore store, SqliteDirectory directory, X509Certificate2 certificate, int port)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Store = store;
        Directory = directory;
        Certificate = certificate;
        Port = port;
        Delivery = new MailDelivery(store, directory, TimeProvider.System);
    }

    public SqliteMailStore Store { get; }

    public SqliteDirectory Directory { get; }

    public IDeviceDirectory Devices => Directory;

    public MailDelivery Delivery { get; }

    public X509Certificate2 Certificate { get; }

    public int Port { get; }

    public Uri BaseUri => new($"https://127.0.0.1:{Port}");

    public string DataDirectory => _dataDirectory;

    public static async Task<EasTestServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, params string[] users)
    {
        if (users.Length == 0)
            users = ["alice", "bob"];
        var (data, store, directory, operations) = await TestMailSystem.CreateAsync("bourse-eas-tests", Domain, Password, users);

        var certificate = TestTlsCertificate.Create("mail." + Domain);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Services.AddSingleton<IMailStore>(store);
        builder.Services.AddSingleton<IDirectory>(directory);
        builder.Services.AddSingleton<IDeviceDirectory>(directory);
        builder.Services.AddSingleton(operations);
        builder.Services.AddSingleton<ISubmission>(new Submission(store, directory, TimeProvider.System));
        builder.Services.AddAuthentication(TestBasicHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestBasicHandler>(TestBasicHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddBourseActiveSync(builder.Configuration);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapBourseActiveSync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new EasTestServer(app, data, store, directory, certificate, new Uri(address).Port);
    }

    public async Task<DirectoryUser> UserAsync(string name) =>
        await Directory.FindUserByAddressAsync($"{name}@{Domain}") ?? throw new InvalidOperationException(name);

    /// <summary>An HTTP client that trusts exactly our certificate and signs in as the user with Basic.</summary>
    public HttpClient CreateHttpClient(string? user = "alice", string password = Password)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == Certificate.GetCertHashString() },
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var client = new HttpClient(handler) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(100) };
        if (user is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}@{Domain}:{password}")));
        return client;
    }

    /// <summary>A simulated device of the user (already provisioned when <paramref name="provision"/>).</summary>
    public async Task<EasDevice> DeviceAsync(string user = "alice", string deviceId = "Dev1", string version = "14.1", bool provision = true)
    {
        var device = new EasDevice(CreateHttpClient(user), user, deviceId, "SmartPhone", version);
        if (provision)
            await device.ProvisionAsync();
        return device;
    }

    /// <summary>Delivers a message to the user's Inbox as SMTP would.</summary>
    public async Task DeliverAsync(string to, string subject, string body = "Hello.", string from = "carol@example.com", string? extraHeaders = null)
    {
        var mime = $"From: Carol <{from}>\r\nTo: {to}@{Domain}\r\nSubject: {subject}\r\nDate: {DateTime.UtcNow:R}\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\n{extraHeaders}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";
        var r = await Delivery.DeliverAsync($"{to}@{Domain}", Encoding.UTF8.GetBytes(mime));
        Assert.True(r.IsDelivered, r.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        await Directory.DisposeAsync();
        Certificate.Dispose();
        try
        {
            System.IO.Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// Basic against the directory, producing the claims Client Access produces.
    private sealed class TestBasicHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDirectory directory)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestBasic";

        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || header.Parameter is null)
                return AuthenticateResult.NoResult();
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            var user = colon < 0 ? null : await directory.AuthenticateAsync(decoded[..colon], decoded[(colon + 1)..], Context.RequestAborted);
            if (user is null)
                return AuthenticateResult.Fail("wrong credentials");
            var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.PrimarySmtpAddress),
                new Claim("urn:bourse:mailbox-id", user.MailboxId.Value.ToString("D")),
            ], SchemeName);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = 401;
            Response.Headers.WWWAuthenticate = "Basic realm=\"Bourse\"";
            return Task.CompletedTask;
        }
    }
}
