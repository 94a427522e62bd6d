using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
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
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.Bench.ActiveSync;

/// <summary>
/// The ActiveSync endpoint hosted in this process as the tests host it: Kestrel with TLS on 127.0.0.1, a real SQLite store
/// and directory in a temporary folder, one user. Authentication stands in for Client Access (Basic checked against the
/// directory once, then remembered, as Client Access's credential cache does). Provisioning is off: the figures are
/// about Sync. Time spent inside the server's request pipeline is summed per request.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string Email = "bench@bench.example";
    public const string Password = "Bench-Password-1";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ServerClock _clock;

    private BenchHost(WebApplication app, X509Certificate2 certificate, SqliteMailStore store, Bourse.Core.Ids.MailboxId mailbox, int port, ServerClock clock)
    {
        _app = app;
        _certificate = certificate;
        Store = store;
        Mailbox = mailbox;
        Port = port;
        _clock = clock;
    }

    public SqliteMailStore Store { get; }

    public Bourse.Core.Ids.MailboxId Mailbox { get; }

    public int Port { get; }

    /// Time requests spent in the server (from the first middleware to the last byte written), summed.
    public TimeSpan ServerTime => TimeSpan.FromTicks(Interlocked.Read(ref _clock.Ticks) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);

    public long ServerRequests => Interlocked.Read(ref _clock.Requests);

    public static async Task<BenchHost> StartAsync(string data)
    {
        var directory = await SqliteDirectory.OpenAsync(new SqliteDirectoryOptions { DataDirectory = data, PasswordHashIterations = 1000 });
        var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = data });
        var operations = new MailboxOperations(store, directory, TimeProvider.System);
        var user = await directory.CreateUserAsync(new NewDirectoryUser(Email) { Password = Password, DisplayName = "Bench" });
        if (!user.IsSuccess || !(await operations.EnsureMailboxAsync(user.Value)).IsSuccess)
            throw new InvalidOperationException("could not create the bench user: " + user);

        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Bourse:ActiveSync:RequireProvisioning"] = "false" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Services.AddSingleton<IMailStore>(store);
        builder.Services.AddSingleton<IDirectory>(directory);
        builder.Services.AddSingleton<IDeviceDirectory>(directory);
        builder.Services.AddSingleton(operations);
        builder.Services.AddSingleton<ISubmission>(new Submission(store, directory, TimeProvider.System));
        builder.Services.AddAuthentication(BenchBasicHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, BenchBasicHandler>(BenchBasicHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddBourseActiveSync(builder.Configuration);

        var app = builder.Build();
        var clock = new ServerClock();
        app.Use(async (context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            await next(context);
            Interlocked.Add(ref clock.Ticks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref clock.Requests);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapBourseActiveSync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BenchHost(app, certificate, store, user.Value.MailboxId, new Uri(address).Port, clock);
    }

    public void ResetClock()
    {
        Interlocked.Exchange(ref _clock.Ticks, 0);
        Interlocked.Exchange(ref _clock.Requests, 0);
    }

    /// A keep-alive TLS client that trusts exactly our certificate, signed in with Basic.
    public HttpClient CreateClient()
    {
        var thumbprint = _certificate.GetCertHashString();
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == thumbprint },
            MaxConnectionsPerServer = 1,
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{Port}"), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{Password}")));
        client.DefaultRequestHeaders.Add("MS-ASProtocolVersion", "14.1");
        client.DefaultRequestHeaders.UserAgent.ParseAdd("BourseBench/1.0");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        _certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench.example", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    private sealed class ServerClock
    {
        public long Ticks;
        public long Requests;
    }

    /// Basic against the directory, remembered per credential (Client Access keeps verified credentials for two minutes).
    private sealed class BenchBasicHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDirectory directory)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "BenchBasic";

        private static readonly ConcurrentDictionary<string, ClaimsPrincipal> Verified = new(StringComparer.Ordinal);

        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            string header = Request.Headers.Authorization.ToString();
            if (!Verified.TryGetValue(header, out var principal))
            {
                if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
                    return AuthenticateResult.NoResult();
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                var user = colon < 0 ? null : await directory.AuthenticateAsync(decoded[..colon], decoded[(colon + 1)..], Context.RequestAborted);
                if (user is null)
                    return AuthenticateResult.Fail("wrong credentials");
                principal = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.Name, user.PrimarySmtpAddress),
                    new Claim("urn:bourse:mailbox-id", user.MailboxId.Value.ToString("D")),
                ], SchemeName));
                Verified[header] = principal;
            }

            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }
    }
}
