using System.Security.Authentication;
using Bourse.Directory;
using Bourse.Server.Cli;
using Bourse.Server.Configuration;
using Bourse.Server.Data;
using Bourse.Server.Demo;
using Bourse.Server.Tls;
using Bourse.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

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
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // A message travels base64-encoded inside protocol requests: allow its size plus a third.
            kestrel.Limits.MaxRequestBodySize = options.MaxMessageBytes + options.MaxMessageBytes / 3 + 1024 * 1024;
            foreach (var endpoint in https)
            {
                Listen(kestrel, endpoint, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate.Certificate,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }));
            }
            foreach (var endpoint in http)
                Listen(kestrel, endpoint, _ => { });
        });

        var app = builder.Build();
        ProtocolEndpoints.Map(app);

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

        CliOutput.Line($"Bourse is serving {domain} on {endpointsText} (data: {dataDirectory}).");
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
