using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bourse.Directory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bourse.Autodiscover.Tests.Infrastructure;

/// A real Kestrel host on 127.0.0.1 (free ports, self-signed certificate) serving only Autodiscover, as the bourse host will.
internal sealed class AutodiscoverTestServer : IAsyncDisposable
{
    public const string ExternalHost = "mail.contoso.com";

    private readonly WebApplication _app;

    private AutodiscoverTestServer(WebApplication app, FakeDirectory directory, X509Certificate2 certificate, int httpsPort, int? httpPort)
    {
        _app = app;
        Directory = directory;
        Certificate = certificate;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
    }

    public FakeDirectory Directory { get; }

    public X509Certificate2 Certificate { get; }

    public int HttpsPort { get; }

    public int? HttpPort { get; }

    public Uri HttpsBase => new($"https://127.0.0.1:{HttpsPort}");

    public static async Task<AutodiscoverTestServer> StartAsync(bool httpListener = false, bool httpRedirect = false)
    {
        var directory = new FakeDirectory();
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bourse:Autodiscover:ExternalHostName"] = ExternalHost,
            ["Bourse:Autodiscover:InternalHostName"] = "mail.corp.contoso.com",
            ["Bourse:Autodiscover:HttpRedirect"] = httpRedirect ? "true" : "false",
        });
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate));
            if (httpListener)
                k.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.AddSingleton<IDirectory>(directory);
        builder.Services.AddAuthentication(TestBasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestBasicAuthenticationHandler>(TestBasicAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddBourseAutodiscover(builder.Configuration);

        var app = builder.Build();
        app.UseAutodiscoverSoapEnabledHeader();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapBourseAutodiscover();
        // Stand-ins for the back ends Autodiscover advertises, so the connectivity test's probes have something to reach.
        foreach (var pattern in new[] { "/EWS/Exchange.asmx", "/mapi/{**rest}", "/Microsoft-Server-ActiveSync", "/OAB/{**rest}", "/owa/{**rest}" })
        {
            app.MapMethods(pattern, ["GET", "POST", "OPTIONS"], async (HttpContext context) =>
            {
                if (context.User.Identity?.IsAuthenticated != true)
                {
                    await context.ChallengeAsync();
                    return;
                }

                context.Response.StatusCode = 200;
            });
        }

        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        int https = 0;
        int? http = null;
        foreach (var a in addresses)
        {
            var uri = new Uri(a);
            if (uri.Scheme == "https")
                https = uri.Port;
            else
                http = uri.Port;
        }

        return new AutodiscoverTestServer(app, directory, certificate, https, http);
    }

    /// A client that trusts exactly our certificate and signs in with Basic when credentials are given.
    public HttpClient CreateClient(string? user = null, string? password = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == Certificate.GetCertHashString() },
            AllowAutoRedirect = false,
        };
        var client = new HttpClient(handler) { BaseAddress = HttpsBase };
        if (user is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public HttpClient Alice() => CreateClient("alice@contoso.com", "alice-pw");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + ExternalHost, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(ExternalHost);
        san.AddDnsName("autodiscover.contoso.com");
        san.AddDnsName("contoso.com");
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
