using System.Net;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Forms;
using Bourse.ClientAccess.Health;
using Bourse.ClientAccess.ProtocolLog;
using Bourse.ClientAccess.Tests.Infrastructure;
using Bourse.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Tests.Forms;

/// <summary>
/// A real Kestrel front door on 127.0.0.1 (HTTPS with a self-signed certificate, plus plain HTTP) wired the way the
/// host wires it: protocol log first, authentication (Client Access + OWA forms), concurrency limits, authorization,
/// then the sign-in, health and a few test endpoints.
/// </summary>
internal sealed class FrontDoorTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsData;

    private FrontDoorTestServer(WebApplication app, FakeDirectory directory, string dataDirectory, bool ownsData, int httpsPort, int httpPort, CapturingLoggerProvider logs)
    {
        _app = app;
        Directory = directory;
        DataDirectory = dataDirectory;
        _ownsData = ownsData;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
        Logs = logs;
    }

    public FakeDirectory Directory { get; }

    public string DataDirectory { get; }

    public int HttpsPort { get; }

    public int HttpPort { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public string Https(string path) => $"https://127.0.0.1:{HttpsPort}{path}";

    public string Http(string path) => $"http://127.0.0.1:{HttpPort}{path}";

    public static async Task<FrontDoorTestServer> StartAsync(
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        Action<IEndpointRouteBuilder>? endpoints = null,
        FakeDirectory? directory = null,
        string? dataDirectory = null)
    {
        directory ??= new FakeDirectory();
        var ownsData = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "bourse-frontdoor-" + Guid.NewGuid().ToString("N"));
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(TestCertificates.ServerCertificate);
            });
            k.Listen(IPAddress.Loopback, 0);
        });
        var config = new Dictionary<string, string?>
        {
            ["Bourse:Owa:DataDirectory"] = dataDirectory,
            ["Bourse:ProtocolLog:DataDirectory"] = dataDirectory,
            ["Bourse:Health:ServerName"] = "NODE1.bourse.test",
            ["Bourse:Health:DefaultProbes"] = "false",
            ["Bourse:Health:CacheDuration"] = "00:00:00",
        };
        foreach (var (k, v) in settings ?? [])
        {
            config[k] = v;
        }
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton<IDirectory>(directory);
        builder.Services.AddBourseAuthentication(builder.Configuration);
        builder.Services.AddBourseFormsSignIn(builder.Configuration);
        builder.Services.AddBourseProtocolLog(builder.Configuration);
        builder.Services.AddBourseHealthChecks(builder.Configuration);
        builder.Services.AddAuthorization();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseBourseProtocolLog();
        app.UseAuthentication();
        app.UseBourseConcurrencyLimits();
        app.UseAuthorization();
        app.MapBourseFormsSignIn();
        app.MapBourseHealthChecks();

        // The OWA API as Bourse.Owa will map it: authenticated, canary on writes.
        var service = app.MapGroup("/owa/service").RequireAuthorization().RequireOwaCanary();
        service.MapMethods("/echo", ["GET", "POST", "DELETE"], (HttpContext context) =>
            Results.Text($"user={context.User.GetPrimarySmtpAddress()};method={context.User.GetAuthMethod()}"));
        service.MapPost("/raw", async context => await context.Response.WriteAsync("raw-ok"));
        app.MapMethods("/EWS/Exchange.asmx", ["GET", "POST"], async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Text($"user={context.User.GetPrimarySmtpAddress()};got={body.Length}");
        }).RequireAuthorization();
        endpoints?.Invoke(app);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var https = new Uri(addresses.First(a => a.StartsWith("https", StringComparison.Ordinal))).Port;
        var http = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))).Port;
        return new FrontDoorTestServer(app, directory, dataDirectory, ownsData, https, http, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsData)
        {
            try
            {
                System.IO.Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
