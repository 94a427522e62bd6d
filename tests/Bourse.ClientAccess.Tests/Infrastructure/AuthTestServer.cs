using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bourse.ClientAccess.Auth;
using Bourse.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Tests.Infrastructure;

/// <summary>A real Kestrel host on 127.0.0.1 (TLS with a self-signed certificate, plus a plain HTTP port) running
/// Client Access authentication in front of an endpoint that echoes the identity.</summary>
internal sealed class AuthTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AuthTestServer(WebApplication app, FakeDirectory directory, CapturingLoggerProvider logs, int httpsPort, int httpPort)
    {
        _app = app;
        Directory = directory;
        Logs = logs;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
    }

    public FakeDirectory Directory { get; }

    public CapturingLoggerProvider Logs { get; }

    public int HttpsPort { get; }

    public int HttpPort { get; }

    /// <summary>Requests to /…/slow wait here until released.</summary>
    public static ConcurrentDictionary<int, TaskCompletionSource> Gates { get; } = new();

    /// <summary>Completed when a request to /…/slow?gate=N has reached the endpoint (and so holds its concurrency slot).</summary>
    public static ConcurrentDictionary<int, TaskCompletionSource> Entered { get; } = new();

    public string Https(string path) => $"https://127.0.0.1:{HttpsPort}{path}";

    public string Http(string path) => $"http://127.0.0.1:{HttpPort}{path}";

    public static async Task<AuthTestServer> StartAsync(
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        X509Certificate2? certificate = null,
        FakeDirectory? directory = null)
    {
        directory ??= new FakeDirectory();
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
                listen.UseHttps(certificate ?? TestCertificates.ServerCertificate);
            });
            k.Listen(IPAddress.Loopback, 0);
        });
        var config = new Dictionary<string, string?>
        {
            ["Bourse:Authentication:Ntlm:NetBiosDomainName"] = "BOURSE",
            ["Bourse:Authentication:Ntlm:DnsDomainName"] = "bourse.test",
            ["Bourse:Authentication:Ntlm:DnsComputerName"] = "mail.bourse.test",
        };
        foreach (var (k, v) in settings ?? [])
        {
            config[k] = v;
        }
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton<IDirectory>(directory);
        builder.Services.AddBourseAuthentication(builder.Configuration);
        builder.Services.AddAuthorization();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseBourseConcurrencyLimits();
        app.UseAuthorization();
        app.MapMethods("/{**path}", ["GET", "POST"], async (HttpContext context, string? path) =>
        {
            if (path is not null && path.EndsWith("/slow", StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(context.Request.Query["gate"], out var gate) && Gates.TryGetValue(gate, out var tcs))
            {
                if (Entered.TryGetValue(gate, out var entered))
                    entered.TrySetResult();
                await tcs.Task;
            }
            var user = context.User;
            return Results.Text($"user={user.GetPrimarySmtpAddress()};method={user.GetAuthMethod()};mailbox={user.GetMailboxId()}");
        }).RequireAuthorization();
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var https = new Uri(addresses.First(a => a.StartsWith("https", StringComparison.Ordinal))).Port;
        var http = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))).Port;
        return new AuthTestServer(app, directory, logs, https, http);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
