using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Routing;
using Bourse.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>
/// One Bourse Client Access node on 127.0.0.1 (a real Kestrel with TLS and a plain HTTP port) wired exactly as the
/// host wires it, in front of endpoints that echo who and what they served. Every request and TCP connection that
/// reaches it is recorded.
/// </summary>
internal sealed class RoutingNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;

    private RoutingNode(string name, WebApplication app, X509Certificate2 certificate)
    {
        Name = name;
        _app = app;
        Certificate = certificate;
    }

    public string Name { get; }

    public X509Certificate2 Certificate { get; }

    public int HttpsPort { get; private set; }

    public int HttpPort { get; private set; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    public string BaseAddress => $"https://127.0.0.1:{HttpsPort}/";

    public string Https(string pathAndQuery) => $"https://127.0.0.1:{HttpsPort}{pathAndQuery}";

    public void Reset()
    {
        Requests.Clear();
        Volatile.Write(ref _connections, 0);
    }

    public static async Task<RoutingNode> StartAsync(string name, IDirectory directory, Dictionary<string, string?> settings, X509Certificate2? certificate = null)
    {
        certificate ??= TestCertificateFactory.Create(name + ".bourse.test");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        RoutingNode? node = null;
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref node!._connections);
                    await next(connection);
                });
                listen.UseHttps(certificate);
            });
            k.Listen(IPAddress.Loopback, 0, listen =>
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref node!._connections);
                    await next(connection);
                }));
        });
        var config = new Dictionary<string, string?>
        {
            ["Bourse:Authentication:Ntlm:NetBiosDomainName"] = "BOURSE",
            ["Bourse:Authentication:Ntlm:DnsDomainName"] = "bourse.test",
            ["Bourse:Authentication:Ntlm:DnsComputerName"] = name + ".bourse.test",
        };
        foreach (var (k, v) in settings)
        {
            config[k] = v;
        }
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton(directory);
        builder.Services.AddBourseAuthentication(builder.Configuration);
        builder.Services.AddAuthorization();
        builder.Services.AddBourseRouting(builder.Configuration);

        var app = builder.Build();
        node = new RoutingNode(name, app, certificate);
        app.Use(node.RecordAsync);
        app.UseBourseRouting();
        app.UseRouting();
        app.UseAuthentication();
        app.Use(OwaSessionStandInAsync);
        app.UseBourseConcurrencyLimits();
        app.UseBourseMailboxRouting();
        app.UseAuthorization();
        app.MapMethods("/", ["GET"], (HttpContext c) => Results.Text("landing node=" + name)).AllowAnonymous();
        app.MapMethods("/healthz", ["GET"], (HttpContext c) => Results.Text("healthy node=" + name)).AllowAnonymous();
        app.MapMethods("/{protocol}/healthcheck.htm", ["GET"], (HttpContext c) => Results.Text("healthcheck node=" + name)).AllowAnonymous();
        app.MapMethods("/{**path}", ["GET", "POST"], async (HttpContext c) =>
        {
            var length = 0L;
            var buffer = new byte[8192];
            for (int read; (read = await c.Request.Body.ReadAsync(buffer)) > 0;)
            {
                length += read;
            }
            return Results.Text(Echo(name, c) + ";length=" + length);
        }).RequireAuthorization();
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        node.HttpsPort = new Uri(addresses.First(a => a.StartsWith("https", StringComparison.Ordinal))).Port;
        node.HttpPort = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))).Port;
        return node;
    }

    /// <summary>The cookie that stands in for the OWA forms sign-in (written elsewhere) in these tests.</summary>
    public const string OwaSessionCookie = "TestOwaSession";

    // /owa offers no Basic challenge (it signs in with a form): a session cookie naming the user stands in for it.
    private static async Task OwaSessionStandInAsync(HttpContext context, RequestDelegate next)
    {
        if (context.User.Identity?.IsAuthenticated != true && context.Request.Cookies[OwaSessionCookie] is { Length: > 0 } login &&
            await context.RequestServices.GetRequiredService<IDirectory>().FindUserByAddressAsync(login) is { } user)
        {
            context.User = BoursePrincipalFactory.Create(user, "Forms");
        }
        await next(context);
    }

    private static string Echo(string name, HttpContext context)
    {
        var route = context.GetClientAccessRoute();
        var user = context.User;
        return string.Join(';',
            "node=" + name,
            "user=" + user.GetPrimarySmtpAddress(),
            "mailbox=" + user.GetMailboxId(),
            "method=" + user.GetAuthMethod(),
            "path=" + context.Request.Path.Value,
            "protocol=" + route?.Protocol,
            "target=" + route?.Target?.Value,
            "local=" + route?.Destination?.IsLocal,
            "database=" + route?.Destination?.Database,
            "viaFrontend=" + route?.ViaFrontend,
            "client=" + context.Connection.RemoteIpAddress,
            "identityHeader=" + context.Request.Headers.ContainsKey("X-Bourse-Identity"));
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        try
        {
            await next(context);
        }
        finally
        {
            Requests.Enqueue(new ReceivedRequest(Name, context.Request.Method, raw, headers, context.Response.StatusCode, context.User.GetMailboxId()?.ToString()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
