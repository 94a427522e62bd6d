using System.Security.Authentication;
using Bourse.ClientAccess.Routing;
using Bourse.Directory;
using Bourse.Mailbox;
using Bourse.Server.Cli;
using Bourse.Server.Configuration;
using Bourse.Server.Data;
using Bourse.Server.Demo;
using Bourse.Server.Tls;
using Bourse.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Bourse.Server.Hosting;

/// <summary>
/// <c>bourse serve</c>: configuration, data, certificate, optional demo, then Kestrel on the configured HTTPS (and
/// optional HTTP) endpoints until SIGINT/SIGTERM.
/// </summary>
internal static class ServerHost
{
    public static async Task<int> RunAsync(ServeSettings settings)
    {
        var dataDirectory = Path.GetFullPath(settings.DataDirectory);
        var overrides = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(settings.Domain))
            overrides["Bourse:Domain"] = settings.Domain;
        if (!string.IsNullOrWhiteSpace(settings.Https))
            overrides["Bourse:Https"] = settings.Https;
        if (!string.IsNullOrWhiteSpace(settings.Role))
            overrides["Bourse:ClientAccess:Role"] = settings.Role;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "bourse",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.Sources.Clear();
        BourseConfiguration.AddSources(builder.Configuration, dataDirectory, overrides);
        var options = BourseConfiguration.GetOptions(builder.Configuration, out var configError);
        if (configError is not null)
            return CliOutput.Fail(configError, ExitCodes.Usage);
        if (!LoggingSetup.IsKnownFormat(options.LogFormat))
            return CliOutput.Fail($"Bourse:LogFormat '{options.LogFormat}' is not one of simple, json or systemd.", ExitCodes.Usage);
        var https = ListenEndpoint.ParseList(options.Https, "Bourse:Https", out var endpointError);
        var http = ListenEndpoint.ParseList(options.Http, "Bourse:Http", out var httpError);
        if (https is null || http is null)
            return CliOutput.Fail((endpointError ?? httpError)!, ExitCodes.Usage);
        if (https.Count == 0 && http.Count == 0)
            return CliOutput.Fail("no endpoint is configured; set Bourse:Https (for example 0.0.0.0:443).", ExitCodes.Usage);

        using var bootLoggers = LoggerFactory.Create(l => LoggingSetup.Configure(l, builder.Configuration, options));
        var log = bootLoggers.CreateLogger("Bourse.Server");

        var (data, openFailure) = await BourseData.OpenAsync(dataDirectory, options, CancellationToken.None);
        if (data is null)
            return CliOutput.Fail(openFailure!);
        await using var _ = data;

        var domain = await ResolveDomainAsync(options, data.Directory);
        if (!IsPlausibleDomain(domain))
            return CliOutput.Fail($"'{domain}' is not a valid mail domain.", ExitCodes.Usage);

        // The configured domain is the organisation's: Autodiscover's redirect method and JSON answer only for accepted domains.
        if (!string.IsNullOrWhiteSpace(options.Domain))
            await data.Directory.AddAcceptedDomainAsync(domain);
        builder.Configuration.AddInMemoryCollection(DerivedSettings.For(builder.Configuration, dataDirectory, domain, plainHttp: http.Count > 0));
        ClientAccessOptions clientAccess;
        try
        {
            clientAccess = builder.Configuration.GetSection(ClientAccessOptions.SectionName).Get<ClientAccessOptions>() ?? new ClientAccessOptions();
        }
        catch (InvalidOperationException ex)
        {
            return CliOutput.Fail($"the configuration section '{ClientAccessOptions.SectionName}' is invalid: {CliOutput.OneLine(ex.Message)}", ExitCodes.Usage);
        }

        var certificate = new CertificateProvider(log, data.Time).Load(options.Certificate, dataDirectory, domain, out var certFailure);
        if (certificate is null)
            return CliOutput.Fail(certFailure!);

        IReadOnlyList<DemoLogin>? demoLogins = null;
        if (settings.Demo)
        {
            var (logins, demoFailure) = await DemoSeeder.EnsureAsync(data, domain, log, CancellationToken.None);
            if (logins is null)
                return CliOutput.Fail(demoFailure!);
            demoLogins = logins;
        }

        var info = new ServerInfo(domain, certificate.Fingerprint, SelfSignedCertificate: !options.Certificate.IsConfigured);
        LoggingSetup.Configure(builder.Logging, builder.Configuration, options);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(info);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton(data.Store);
        builder.Services.AddSingleton(data.Directory);
        builder.Services.AddSingleton(data.Time);
        builder.Services.AddSingleton(data.Operations);
        builder.Services.AddSingleton(data.Devices);
        builder.Services.AddSingleton<ISubmission>(new Submission(data.Store, data.Directory, data.Time,
            new MailDeliveryOptions { MaxMessageBytes = options.MaxMessageBytes }));
        // Bourse:Tls:ReleaseIdleBuffers=false keeps OpenSSL's per-connection buffers (for comparison measurements).
        var releaseTlsBuffers = !string.Equals(builder.Configuration["Bourse:Tls:ReleaseIdleBuffers"], "false", StringComparison.OrdinalIgnoreCase)
                                && TlsBufferRelease.IsAvailable;
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // A message travels base64-encoded inside protocol requests: allow its size plus a third.
            kestrel.Limits.MaxRequestBodySize = options.MaxMessageBytes + options.MaxMessageBytes / 3 + 1024 * 1024;
            foreach (var endpoint in https)
            {
                Listen(kestrel, endpoint, listen =>
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate.Certificate,
                        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    });
                    // After the handshake: an idle connection (a held Ping) gives OpenSSL's record buffers back (~-6 kB each;
                    // docs/benchmarks.md, ActiveSync Ping). Left off where the runtime does not allow it.
                    if (releaseTlsBuffers)
                        listen.Use(ReleaseTlsBuffers);
                });
            }
            foreach (var endpoint in http)
                Listen(kestrel, endpoint, _ => { });
        });

        ClientAccessHost.AddServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        ClientAccessHost.UsePipeline(app);

        var endpointsText = string.Join(", ", https.Select(e => e.Display("https")).Concat(http.Select(e => e.Display("http"))));
        try
        {
            await app.StartAsync();
        }
        catch (Exception ex) when (BindFailure.Describe(ex, endpointsText) is { } message)
        {
            await DisposeQuietlyAsync(app);
            return CliOutput.Fail(message, ExitCodes.Unavailable);
        }
        catch (OptionsValidationException ex)
        {
            await DisposeQuietlyAsync(app);
            return CliOutput.Fail(ex.Failures.FirstOrDefault() ?? ex.Message, ExitCodes.Usage);
        }

        CliOutput.Line($"Bourse is serving {domain} on {endpointsText} (data: {dataDirectory}).");
        CliOutput.Line(RoleLine(clientAccess));
        CliOutput.Line(certificate.Created
            ? $"Created a self-signed certificate for mail.{domain}, autodiscover.{domain}, localhost and 127.0.0.1: {certificate.Source}"
            : $"Certificate: {certificate.Source} ({certificate.Certificate.Subject}, valid until {certificate.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}).");
        CliOutput.Line($"TLS certificate SHA-256 fingerprint: {certificate.Fingerprint}");
        if (demoLogins is not null)
        {
            CliOutput.Line("Demo logins (address / password as created):");
            foreach (var login in demoLogins)
                CliOutput.Line($"  {login.Address} / {login.Password}  ({login.DisplayName})");
        }
        CliOutput.Line("Press Ctrl+C to stop.");

        await app.WaitForShutdownAsync();
        await DisposeQuietlyAsync(app);
        certificate.Certificate.Dispose();
        CliOutput.Line("Bourse stopped.");
        return ExitCodes.Success;
    }

    private static string RoleLine(ClientAccessOptions o)
    {
        var local = o.Databases.Count == 0 ? "every mailbox database" : "databases " + string.Join(", ", o.Databases);
        var backends = string.Join(", ", o.Backends.Select(b => $"{b.Key} → {b.Value}"));
        return o.Role switch
        {
            ClientAccessRole.Frontend => $"Role: frontend; serves {(o.Databases.Count == 0 ? "no database" : local)} locally, proxies {(backends.Length == 0 ? "nothing" : backends)}.",
            ClientAccessRole.Backend => $"Role: backend; serves {local} for its front ends.",
            _ => "Role: all (front door and mailboxes in this process).",
        };
    }

    private static ConnectionDelegate ReleaseTlsBuffers(ConnectionDelegate next) => connection =>
    {
        if (connection.Features.Get<ISslStreamFeature>()?.SslStream is { } ssl)
            TlsBufferRelease.TryRelease(ssl);
        return next(connection);
    };

    private static void Listen(KestrelServerOptions kestrel, ListenEndpoint endpoint, Action<ListenOptions> configure)
    {
        if (endpoint.AnyAddress)
            kestrel.ListenAnyIP(endpoint.Port, configure);
        else if (endpoint.Address is null)
            kestrel.ListenLocalhost(endpoint.Port, configure);
        else
            kestrel.Listen(endpoint.Address, endpoint.Port, configure);
    }

    private static async Task<string> ResolveDomainAsync(BourseOptions options, IDirectory directory)
    {
        if (!string.IsNullOrWhiteSpace(options.Domain))
            return options.Domain.Trim().TrimEnd('.').ToLowerInvariant();
        var accepted = await directory.GetAcceptedDomainsAsync();
        return accepted.Count > 0 ? accepted[0] : BourseOptions.DefaultDomain;
    }

    private static bool IsPlausibleDomain(string domain) =>
        domain.Length is > 0 and <= 253 && domain.Contains('.', StringComparison.Ordinal) &&
        domain.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-');

    private static async Task DisposeQuietlyAsync(WebApplication app)
    {
        try
        {
            await app.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }
    }
}
