using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bourse.Server.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Bourse.Bench.Ping;

/// <summary>
/// The floor to compare with (<c>--server hold</c>): a bare Kestrel HTTPS host, configured like <c>bourse serve</c>'s
/// (RSA 2048 self-signed, TLS 1.2/1.3, idle TLS buffers released, workstation GC), that reads each request and holds it
/// until the client leaves. What it costs per held request is what ASP.NET Core and TLS cost before any of Bourse's code runs.
/// </summary>
internal static class HoldServer
{
    public static async Task<int> RunAsync(int port)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=mail." + BenchDevice.Domain, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    // BENCH_TLS12=1: TLS 1.2 only (no TLS 1.3 session tickets), to see what they cost.
                    SslProtocols = Environment.GetEnvironmentVariable("BENCH_TLS12") == "1" ? SslProtocols.Tls12 : SslProtocols.Tls12 | SslProtocols.Tls13,
                    // BENCH_TLS_NO_RESUME=1: no session tickets or server-side session cache, to see what resumption costs.
                    OnAuthenticate = Environment.GetEnvironmentVariable("BENCH_TLS_NO_RESUME") == "1" ? (_, ssl) => ssl.AllowTlsResume = false : null,
                });
                // As bourse serve: OpenSSL's record buffers released once the handshake is done (BENCH_TLS_RELEASE_BUFFERS=0: kept).
                if (Environment.GetEnvironmentVariable("BENCH_TLS_RELEASE_BUFFERS") != "0" && TlsBufferRelease.IsAvailable)
                {
                    listen.Use(next => connection =>
                    {
                        if (connection.Features.Get<ISslStreamFeature>()?.SslStream is { } ssl)
                            TlsBufferRelease.TryRelease(ssl);
                        return next(connection);
                    });
                }
            });
        });
        await using var app = builder.Build();
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        await app.StartAsync();
        Console.WriteLine("TLS certificate SHA-256 fingerprint: (hold server)");
        // With DOTNET_SYSTEM_NET_SECURITY_OPENSSL_MEMORY_DEBUG=1 the runtime counts what OpenSSL allocates (a private
        // diagnostic of System.Security.Cryptography, reached by reflection): printed every 5 s to tell TLS memory from the rest.
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SECURITY_OPENSSL_MEMORY_DEBUG") == "1"
            && typeof(RSA).Assembly.GetType("Interop+Crypto")?.GetMethod("GetOpenSslAllocatedMemory",
                System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public) is { } allocated)
        {
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5));
                    await Console.Error.WriteLineAsync($"OpenSSL allocated: {allocated.Invoke(null, null)} bytes");
                }
            });
        }
        // BENCH_MALLOC_TRIM=1: glibc's malloc_trim(0) every 5 s, to see how much of the resident set is memory malloc holds free.
        if (Environment.GetEnvironmentVariable("BENCH_MALLOC_TRIM") == "1")
        {
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5));
                    MallocTrim(0);
                }
            });
        }

        await app.WaitForShutdownAsync();
        return 0;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the bench for one call
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054
}
