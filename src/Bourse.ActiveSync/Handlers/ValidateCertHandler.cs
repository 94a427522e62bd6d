using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// ValidateCert (MS-ASCMD 2.2.1.22): checks S/MIME certificates for the device — the chain to the server's trusted roots
/// (the intermediate certificates the device sends in CertificateChain may complete it), validity in time, signatures,
/// use for e-mail protection and, when CheckCRL is 1, revocation. One Certificate Status per certificate, in order.
/// </summary>
internal sealed class ValidateCertHandler(TimeProvider time) : IEasCommandHandler
{
    private const string Ns = "ValidateCert";

    // Bounds on what one request may ask us to build (each chain may fetch revocation lists when CheckCRL is set).
    private const int MaxCertificates = 20;
    private const int MaxChainCertificates = 20;
    private static readonly TimeSpan RevocationBudget = TimeSpan.FromSeconds(10);

    // RFC 5280 4.2.1.12: id-kp-emailProtection, the use an S/MIME certificate must allow when it restricts its uses.
    private static readonly Oid EmailProtection = new("1.3.6.1.5.5.7.3.4");

    public EasCommand Command => EasCommand.ValidateCert;

    public ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var certificates = request.Element(Ns, "Certificates")?.Children.Where(c => c.Namespace == Ns && c.Name == "Certificate").ToList() ?? [];
        var chainElements = request.Element(Ns, "CertificateChain")?.Children.Where(c => c.Namespace == Ns && c.Name == "Certificate").ToList() ?? [];
        // MS-ASCMD CheckCRL: 0 or 1.
        var checkCrlText = request.Element(Ns, "CheckCRL")?.Text;
        if (certificates.Count is 0 or > MaxCertificates || chainElements.Count > MaxChainCertificates || checkCrlText is not (null or "0" or "1"))
            return new(TopStatus(CertStatus.ProtocolError));

        var intermediates = new X509Certificate2Collection();
        try
        {
            foreach (var element in chainElements)
            {
                // A chain certificate that cannot be read cannot help any chain; it is left out.
                if (Load(element) is { } extra)
                    intermediates.Add(extra);
            }

            var response = new WbxmlElement(Ns, "ValidateCert", new WbxmlElement(Ns, "Status", "1"));
            // Revocation checks reach CRL servers the certificates name: bounded per request, so one request cannot hold a
            // thread for minutes. Once the budget is spent, the remaining certificates report that the revocation server
            // could not be reached (14) rather than a check that was not made.
            var onlineUntil = time.GetUtcNow() + RevocationBudget;
            foreach (var element in certificates)
            {
                var status = CertStatus.Malformed;
                using var certificate = Load(element);
                if (certificate is not null)
                {
                    var checkCrl = checkCrlText == "1";
                    status = checkCrl && time.GetUtcNow() >= onlineUntil
                        ? CertStatus.RevocationServerUnavailable
                        : Validate(certificate, intermediates, checkCrl, time.GetUtcNow().UtcDateTime);
                }
                response.Add(new WbxmlElement(Ns, "Certificate", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));
            }

            return new(new EasResult.Document(response));
        }
        finally
        {
            foreach (var c in intermediates)
                c.Dispose();
        }
    }

    /// <summary>
    /// The status of one certificate (MS-ASCMD 2.2.3.177.18). When several problems are found the most telling one wins:
    /// revocation, a bad signature, time, trust, then use.
    /// </summary>
    internal static int Validate(X509Certificate2 certificate, X509Certificate2Collection intermediates, bool checkCrl, DateTime nowUtc)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = checkCrl ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.EntireChain;
        chain.ChainPolicy.UrlRetrievalTimeout = TimeSpan.FromSeconds(3);
        // Never fetch issuer certificates from URLs a device's certificate names (AIA): the chain is built only from the
        // certificates the device sent and the system's trust store.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = nowUtc;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(EmailProtection);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        bool built;
        try
        {
            built = chain.Build(certificate);
        }
        catch (CryptographicException)
        {
            return CertStatus.Malformed;
        }

        if (built)
            return 1;

        X509ChainStatusFlags Flags(int element) => chain.ChainElements[element].ChainElementStatus.Aggregate(X509ChainStatusFlags.NoError, (a, s) => a | s.Status);
        var leaf = chain.ChainElements.Count > 0 ? Flags(0) : X509ChainStatusFlags.NoError;
        var all = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (a, s) => a | s.Status);
        bool Has(X509ChainStatusFlags flags, X509ChainStatusFlags flag) => (flags & flag) != 0;

        if (Has(leaf, X509ChainStatusFlags.Revoked))
            return CertStatus.Revoked;
        if (Has(all, X509ChainStatusFlags.Revoked))
            return CertStatus.ChainRevoked;
        if (Has(all, X509ChainStatusFlags.NotSignatureValid))
            return CertStatus.SignatureInvalid;
        if (Has(leaf, X509ChainStatusFlags.NotTimeValid))
            return CertStatus.Expired;
        if (Has(all, X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested))
            return CertStatus.ChainTimesInvalid;
        if (Has(all, X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.ExplicitDistrust))
            return CertStatus.Untrusted;
        if (Has(all, X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.Cyclic))
            return CertStatus.ChainIncorrect;
        if (Has(leaf, X509ChainStatusFlags.NotValidForUsage))
            return CertStatus.NotForSigning;
        if (Has(all, X509ChainStatusFlags.InvalidBasicConstraints | X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidExtension))
            return CertStatus.ChainMisused;
        if (Has(all, X509ChainStatusFlags.OfflineRevocation))
            return CertStatus.RevocationServerUnavailable;
        if (Has(all, X509ChainStatusFlags.RevocationStatusUnknown))
            return CertStatus.RevocationUnknown;
        // Any other failure of the chain: the digital ID cannot be used as sent.
        return CertStatus.UsedIncorrectly;
    }

    /// The certificate in an element: base64 text of the DER (MS-ASCMD 2.2.3.19), or opaque DER or base64 bytes from
    /// clients that send it raw; null when none of these decode.
    private static X509Certificate2? Load(WbxmlElement element)
    {
        byte[]? der = null;
        if (element.Text is { } text)
        {
            der = FromBase64(text);
        }
        else if (element.Opaque is { } opaque)
        {
            der = opaque.Length > 0 && opaque[0] == 0x30 ? opaque : FromBase64(Encoding.ASCII.GetString(opaque));
        }

        if (der is null || der.Length == 0)
            return null;
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[]? FromBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static EasResult TopStatus(int status) => new EasResult.Document(
        new WbxmlElement(Ns, "ValidateCert", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));

    /// MS-ASCMD 2.2.3.177.18: ValidateCert Status values.
    internal static class CertStatus
    {
        internal const int ProtocolError = 2;
        internal const int SignatureInvalid = 3;
        internal const int Untrusted = 4;
        internal const int ChainIncorrect = 5;
        internal const int NotForSigning = 6;
        internal const int Expired = 7;
        internal const int ChainTimesInvalid = 8;
        internal const int UsedIncorrectly = 9;
        internal const int Malformed = 10;
        internal const int ChainMisused = 11;
        internal const int Revoked = 13;
        internal const int RevocationServerUnavailable = 14;
        internal const int ChainRevoked = 15;
        internal const int RevocationUnknown = 16;
        internal const int ServerError = 17;
    }
}
