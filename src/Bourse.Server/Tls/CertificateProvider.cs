using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bourse.Server.Cli;
using Bourse.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace Bourse.Server.Tls;

/// <summary>
/// Loads the configured certificate (PFX, or PEM certificate + key) or, when none is configured, the self-signed one
/// under {data}/certs/, creating it on first start and again when it nears expiry or no longer covers the domain.
/// </summary>
internal sealed class CertificateProvider(ILogger logger, TimeProvider time)
{
    public const string SelfSignedPfxName = "selfsigned.pfx";
    public const string SelfSignedCrtName = "selfsigned.crt";

    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public ServerCertificate? Load(CertificateOptions options, string dataDirectory, string domain, out CliFailure? failure) =>
        options.IsConfigured ? LoadConfigured(options, out failure) : LoadOrCreateSelfSigned(dataDirectory, domain, out failure);

    private ServerCertificate? LoadConfigured(CertificateOptions options, out CliFailure? failure)
    {
        failure = null;
        var path = Path.GetFullPath(options.Path!);
        if (!File.Exists(path))
        {
            failure = CliFailure.Unavailable($"the certificate file {path} does not exist.");
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            var ext = Path.GetExtension(path);
            if (ext.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || ext.Equals(".p12", StringComparison.OrdinalIgnoreCase))
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.Password, KeyFlags);
            }
            else
            {
                var keyPath = string.IsNullOrWhiteSpace(options.KeyPath) ? null : Path.GetFullPath(options.KeyPath);
                using var pem = string.IsNullOrEmpty(options.Password)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, options.Password, keyPath);
                // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null, KeyFlags);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            failure = CliFailure.Unavailable($"the certificate {path} cannot be loaded (wrong password or format?): {CliOutput.OneLine(ex.Message)}");
            return null;
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            failure = CliFailure.Unavailable($"the certificate {path} has no private key; set Bourse:Certificate:KeyPath or use a PFX file.");
            return null;
        }
        if (certificate.NotAfter.ToUniversalTime() < time.GetUtcNow().UtcDateTime)
            logger.LogWarning("The configured certificate {Path} expired on {NotAfter:u}.", path, certificate.NotAfter.ToUniversalTime());
        return new ServerCertificate(certificate, path, Created: false);
    }

    private ServerCertificate? LoadOrCreateSelfSigned(string dataDirectory, string domain, out CliFailure? failure)
    {
        failure = null;
        var dir = Path.Combine(dataDirectory, "certs");
        var pfxPath = Path.Combine(dir, SelfSignedPfxName);
        var now = time.GetUtcNow();
        try
        {
            if (File.Exists(pfxPath))
            {
                var existing = TryLoad(pfxPath);
                if (existing is not null)
                {
                    if (existing.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore)
                        logger.LogWarning("The self-signed certificate {Path} expires on {NotAfter:u}; creating a new one.", pfxPath, existing.NotAfter.ToUniversalTime());
                    else if (!SelfSignedCertificateFactory.Covers(existing, domain))
                        logger.LogWarning("The self-signed certificate {Path} does not cover mail.{Domain}; creating a new one.", pfxPath, domain);
                    else
                        return new ServerCertificate(existing, pfxPath, Created: false);
                    existing.Dispose();
                }
                else
                {
                    logger.LogWarning("The self-signed certificate {Path} cannot be read; creating a new one.", pfxPath);
                }
            }

            System.IO.Directory.CreateDirectory(dir);
            using var created = SelfSignedCertificateFactory.Create(domain, now);
            var pfx = created.Export(X509ContentType.Pkcs12);
            WriteAtomically(pfxPath, pfx, privateFile: true);
            WriteAtomically(Path.Combine(dir, SelfSignedCrtName), System.Text.Encoding.ASCII.GetBytes(created.ExportCertificatePem() + "\n"), privateFile: false);
            var loaded = X509CertificateLoader.LoadPkcs12(pfx, null, KeyFlags);
            return new ServerCertificate(loaded, pfxPath, Created: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            failure = CliFailure.Unavailable($"the self-signed certificate under {dir} cannot be created: {CliOutput.OneLine(ex.Message)}");
            return null;
        }
    }

    private static X509Certificate2? TryLoad(string pfxPath)
    {
        try
        {
            var cert = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, null, KeyFlags);
            if (cert.HasPrivateKey)
                return cert;
            cert.Dispose();
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static void WriteAtomically(string path, byte[] content, bool privateFile)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (privateFile && !OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    // Linux keeps keys in memory fine; macOS has no ephemeral key sets, Windows' SslStream wants a persisted key.
    private static X509KeyStorageFlags KeyFlags => OperatingSystem.IsLinux() ? X509KeyStorageFlags.EphemeralKeySet : X509KeyStorageFlags.DefaultKeySet;
}
