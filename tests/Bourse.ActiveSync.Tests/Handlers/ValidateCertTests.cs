using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Handlers;

/// ValidateCert (MS-ASCMD 2.2.1.22) over HTTPS: per-certificate status from the chain the server builds.
public sealed class ValidateCertTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<EasResponse> ValidateAsync(EasDevice device, IEnumerable<string> certificates, IEnumerable<string>? chain = null, string? checkCrl = null) =>
        device.SendAsync("ValidateCert", Wb.E("ValidateCert:ValidateCert",
            chain is null ? null : Wb.E("ValidateCert:CertificateChain", chain.Select(c => Wb.E("ValidateCert:Certificate", c)).ToList()),
            Wb.E("ValidateCert:Certificates", certificates.Select(c => Wb.E("ValidateCert:Certificate", c)).ToList()),
            checkCrl is null ? null : Wb.E("ValidateCert:CheckCRL", checkCrl)));

    private static string[] Statuses(EasResponse r) =>
        r.Root!.Children.Where(c => c.Name == "Certificate").Select(c => c.Value("ValidateCert:Status")!).ToArray();

    private static string Base64(X509Certificate2 c) => Convert.ToBase64String(c.Export(X509ContentType.Cert));

    private static X509Certificate2 SelfSigned(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, bool ca = false)
    {
        // The key stays with the certificate (the CA signs with it).
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (ca)
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    [Fact]
    public async Task ASelfSignedCertificateIsNotTrustedAndGarbageIsMalformed()
    {
        using var device = await _server.DeviceAsync();
        using var selfSigned = SelfSigned("CN=Mallory, E=mallory@example.com", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var expired = SelfSigned("CN=Old", DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddYears(-2));

        var r = await ValidateAsync(device, [Base64(selfSigned), "bm90IGEgY2VydGlmaWNhdGU=", "%%%", Base64(expired)], checkCrl: "0");
        Assert.Equal("1", r.TopStatus);
        // MS-ASCMD 2.2.3.177.18: 4 untrusted source, 10 incorrectly formatted, 7 expired — one Status per certificate, in order.
        Assert.Equal(["4", "10", "10", "7"], Statuses(r));
    }

    [Fact]
    public async Task TheChainTheDeviceSendsIsUsedToBuildIt()
    {
        using var device = await _server.DeviceAsync();
        using var ca = SelfSigned("CN=Test Root", DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(2), ca: true);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Alice, E=alice@bourse.test", leafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false));
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3, 4]);

        // Without its issuer the chain cannot be built (5); with it, it ends at a root the server does not trust (4).
        Assert.Equal(["5"], Statuses(await ValidateAsync(device, [Base64(leaf)])));
        Assert.Equal(["4"], Statuses(await ValidateAsync(device, [Base64(leaf)], chain: [Base64(ca)])));
    }

    [Fact]
    public async Task MalformedRequestsAreAProtocolError()
    {
        using var device = await _server.DeviceAsync();
        Assert.Equal("2", (await device.SendAsync("ValidateCert", Wb.E("ValidateCert:ValidateCert", Wb.E("ValidateCert:CheckCRL", "1")))).TopStatus);
        Assert.Equal("2", (await ValidateAsync(device, [])).TopStatus);
        using var one = SelfSigned("CN=X", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal("2", (await ValidateAsync(device, [Base64(one)], checkCrl: "yes")).TopStatus);
        Assert.Equal("2", (await ValidateAsync(device, Enumerable.Repeat(Base64(one), 21))).TopStatus);
    }
}
