using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>The ValidateCert (S20) scenarios of Microsoft's MS-ASCMD test suite, replayed over HTTPS.</summary>
public sealed class MsAsCmdValidateCertScenarioTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> ValidateAsync(EasDevice device, IEnumerable<string> certificates) =>
        device.SendAsync("ValidateCert", Wb.E("ValidateCert:ValidateCert",
            Wb.E("ValidateCert:Certificates", certificates.Select(c => Wb.E("ValidateCert:Certificate", c)).ToList()),
            Wb.E("ValidateCert:CheckCRL", "1")));

    [Fact]
    [Trait("Scenario", "MSASCMD_S20_TC02_ValidateCert_InvalidSignature")]
    public async Task ACertificateWhoseSignatureDoesNotVerifyIsStatus3()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Mallory, E=mallory@example.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var der = certificate.Export(X509ContentType.Cert);
        // The signature value is the certificate's last bytes: change one of them.
        der[^10] ^= 0x5A;
        using var device = await _server.DeviceAsync();
        var r = await ValidateAsync(device, [Convert.ToBase64String(der)]);
        Assert.Equal("1", r.TopStatus);
        Assert.Equal("3", r.Root!.Find("ValidateCert:Certificate")!.Value("ValidateCert:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASCMD_S20_TC03_ValidateCert_LimitingSize")]
    public async Task MoreThanAHundredCertificatesIsStatus2()
    {
        using var device = await _server.DeviceAsync();
        var r = await ValidateAsync(device, Enumerable.Repeat("TUlJQ1lqQ0NBY3VnQXdJQkFnSVVZR3M4alpiWDBWeGpPYnU0bncwhQ==", 101));
        Assert.Equal("2", r.TopStatus);
        Assert.Empty(r.Root!.FindAll("ValidateCert:Certificate"));
    }
}
