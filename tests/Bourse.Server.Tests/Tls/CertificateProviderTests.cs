using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bourse.Server.Configuration;
using Bourse.Server.Tests.Infrastructure;
using Bourse.Server.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bourse.Server.Tests.Tls;

public sealed class CertificateProviderTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private ServerCertificate Load(string domain, CertificateOptions? options = null)
    {
        var result = new CertificateProvider(NullLogger.Instance, TimeProvider.System).Load(options ?? new CertificateOptions(), _data.Path, domain, out var failure);
        Assert.True(result is not null, failure?.Message);
        return result;
    }

    [Fact]
    public void SelfSignedIsCreatedOnceThenReused()
    {
        var first = Load("one.test");
        Assert.True(first.Created);
        Assert.True(first.Certificate.HasPrivateKey);
        var second = Load("one.test");
        Assert.False(second.Created);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.True(File.Exists(Path.Combine(_data.Path, "certs", CertificateProvider.SelfSignedCrtName)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data.Path, "certs", CertificateProvider.SelfSignedPfxName)));
    }

    [Fact]
    public void SelfSignedIsRemadeWhenTheDomainChanges()
    {
        var first = Load("one.test");
        var second = Load("two.test");
        Assert.True(second.Created);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.True(SelfSignedCertificateFactory.Covers(second.Certificate, "two.test"));
        Assert.False(SelfSignedCertificateFactory.Covers(second.Certificate, "one.test"));
    }

    [Fact]
    public void ConfiguredPfxWithPasswordIsUsedAndAWrongPasswordIsOneSentence()
    {
        using var key = RSA.Create(2048);
        using var cert = new CertificateRequest("CN=pfx.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        var path = _data.Combine("server.pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12, "s3cret-pass"));

        var loaded = Load("x.test", new CertificateOptions { Path = path, Password = "s3cret-pass" });
        Assert.Equal(cert.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.False(loaded.Created);

        var wrong = new CertificateProvider(NullLogger.Instance, TimeProvider.System)
            .Load(new CertificateOptions { Path = path, Password = "nope" }, _data.Path, "x.test", out var failure);
        Assert.Null(wrong);
        Assert.NotNull(failure);
        Assert.DoesNotContain("\n", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pass", failure.Message, StringComparison.Ordinal);
    }
}
