using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bourse.ClientAccess.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Proxy;

/// <summary>
/// Validates a back end's TLS certificate: by pinned thumbprint when configured (self-signed deployments), otherwise
/// by normal chain and name validation. A certificate is never accepted blindly.
/// </summary>
internal sealed class BackendCertificateValidator(IOptionsMonitor<ClientAccessOptions> options, ILogger<BackendCertificateValidator> logger)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }
        var pins = options.CurrentValue.BackendCertificateThumbprints;
        if (pins.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }
        var sha256 = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var sha1 = certificate.GetCertHashString(HashAlgorithmName.SHA1);
        foreach (var pin in pins)
        {
            var normalized = BackendAddress.NormalizeThumbprint(pin);
            if (normalized is not null && (normalized == sha256 || normalized == sha1))
            {
                return true;
            }
        }
        ProxyLog.CertificateRefused(logger, RoutingLog.Sanitize(certificate.Subject), sha256, errors);
        return false;
    }
}
