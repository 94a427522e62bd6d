using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Bourse.Bench.Autodiscover;

/// <summary>
/// The baseline: a bare Kestrel HTTPS endpoint answering every request with a two-byte constant, run as its own process
/// (<c>--trivial-server</c>) so that, like <c>bourse serve</c>, it shares neither the thread pool nor the GC with the
/// load generator and its CPU time can be measured apart. It serves bourse's own certificate with bourse's TLS settings.
/// </summary>
internal static class TrivialKestrel
{
    public const string Mode = "--trivial-server";
    public const string ReadyLine = "trivial listening on port ";
    private static readonly byte[] Body = "ok"u8.ToArray();

    /// <summary>Child-process entry: <c>--trivial-server PFX-PATH</c>; prints the port, serves until stdin closes.</summary>
    public static async Task<int> RunAsync(string pfxPath)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            // As ServerHost configures bourse's Kestrel.
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }));
        });
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = Body.Length;
            return context.Response.Body.WriteAsync(Body).AsTask();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(ReadyLine + new Uri(address).Port);
        // The parent holds our stdin; when it closes (or the parent dies) we stop.
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }
}
