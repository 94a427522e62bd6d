using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task ConfiguredPemCertificateEnvironmentDomainAndJsonLogsAreUsed()
    {
        using var data = new TempDirectory();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mail.configured.test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("mail.configured.test");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certPath = data.Combine("server.crt");
        var keyPath = data.Combine("server.key");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(data.Combine("appsettings.json"), JsonSerializer.Serialize(new
        {
            Bourse = new { Certificate = new { Path = certPath, KeyPath = keyPath }, LogFormat = "json" },
        }));

        await using var server = await BourseServer.StartAsync(data.Path, ["--demo"],
            new Dictionary<string, string> { ["BOURSE_Bourse__Domain"] = "configured.test" });

        var expected = string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)));
        Assert.Equal(expected, server.Fingerprint);
        X509Certificate2? served = null;
        using var client = server.CreateClient(c => served = c);
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(certificate.Thumbprint, served?.Thumbprint);

        Assert.Contains("Bourse is serving configured.test", server.Output, StringComparison.Ordinal);
        Assert.Contains("alice@configured.test / ", server.Output, StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(data.Combine("certs")), "no self-signed certificate is made when one is configured");

        var logLine = server.Output.Split('\n').First(l => l.Contains("demo organisation", StringComparison.Ordinal));
        using var log = JsonDocument.Parse(logLine);
        Assert.Equal("Information", log.RootElement.GetProperty("LogLevel").GetString());
    }

    [Fact]
    public async Task MissingConfiguredCertificateFailsWithOneSentence()
    {
        using var data = new TempDirectory();
        var result = await BourseProcess.RunAsync(
            ["serve", "--data", data.Path, "--https", $"127.0.0.1:{FreePort.Get()}"], null, null, new Dictionary<string, string>
            {
                ["BOURSE_Bourse__Certificate__Path"] = data.Combine("missing.pfx"),
                ["BOURSE_Bourse__Certificate__Password"] = "hunter2-secret",
            });
        result.AssertOneLineFailure(3);
        Assert.Contains("missing.pfx", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", result.All, StringComparison.Ordinal);
    }
}
