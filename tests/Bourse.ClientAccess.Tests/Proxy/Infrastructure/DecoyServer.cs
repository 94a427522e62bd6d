using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>
/// A server on 127.0.0.1 that is in no configuration: attack shapes name it (cookies, Host, absolute-form targets,
/// query strings). Any TCP connection or request reaching it is a routing escape.
/// </summary>
internal sealed class DecoyServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;
    private int _requests;

    private DecoyServer(WebApplication app) => _app = app;

    public int HttpsPort { get; private set; }

    public int HttpPort { get; private set; }

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>"127.0.0.1:port" of the TLS listener.</summary>
    public string Authority => "127.0.0.1:" + HttpsPort;

    public void Reset()
    {
        Volatile.Write(ref _connections, 0);
        Volatile.Write(ref _requests, 0);
    }

    public static async Task<DecoyServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        DecoyServer? decoy = null;
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => async c =>
                {
                    Interlocked.Increment(ref decoy!._connections);
                    await next(c);
                });
                listen.UseHttps(TestCertificateFactory.Create("decoy.bourse.test"));
            });
            k.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async c =>
            {
                Interlocked.Increment(ref decoy!._connections);
                await next(c);
            }));
        });
        var app = builder.Build();
        decoy = new DecoyServer(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref decoy._requests);
            return context.Response.WriteAsync("DECOY-SECRET");
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        decoy.HttpsPort = new Uri(addresses.First(a => a.StartsWith("https", StringComparison.Ordinal))).Port;
        decoy.HttpPort = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))).Port;
        return decoy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
