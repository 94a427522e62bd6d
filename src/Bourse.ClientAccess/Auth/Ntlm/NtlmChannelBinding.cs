using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>
/// Extended Protection: the MsvAvChannelBindings value a client bound to our TLS channel must send
/// (MS-NLMP 2.2.2.1: MD5 of a gss_channel_bindings_struct, RFC 2744 3.11, whose application data is the RFC 5929
/// tls-server-end-point binding of the server certificate).
/// </summary>
internal static class NtlmChannelBinding
{
    private static ReadOnlySpan<byte> Prefix => "tls-server-end-point:"u8;

    /// <summary>RFC 5929 4.1: "tls-server-end-point:" + hash of the DER certificate.</summary>
    public static byte[] TlsServerEndPoint(X509Certificate2 certificate)
    {
        var hash = HashForCertificate(certificate, certificate.RawData);
        var data = new byte[Prefix.Length + hash.Length];
        Prefix.CopyTo(data);
        hash.CopyTo(data, Prefix.Length);
        return data;
    }

    /// <summary>MS-NLMP 2.2.2.1 MsvAvChannelBindings = MD5(gss_channel_bindings_struct) with empty addresses.</summary>
    public static byte[] Md5OfBindings(ReadOnlySpan<byte> applicationData)
    {
        // RFC 2744 / MS-NLMP: initiator_addrtype, initiator_address.length, acceptor_addrtype, acceptor_address.length,
        // application_data.length (all 32-bit little-endian as SSPI serializes them), then application_data.
        var buffer = new byte[20 + applicationData.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), (uint)applicationData.Length);
        applicationData.CopyTo(buffer.AsSpan(20));
        return MD5.HashData(buffer);
    }

    public static byte[] ForCertificate(X509Certificate2 certificate) => Md5OfBindings(TlsServerEndPoint(certificate));

    // RFC 5929 4.1: use the certificate's signature hash, except MD5 and SHA-1 which are replaced by SHA-256.
    private static byte[] HashForCertificate(X509Certificate2 certificate, byte[] der) => certificate.SignatureAlgorithm.Value switch
    {
        "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => SHA384.HashData(der),
        "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => SHA512.HashData(der),
        _ => SHA256.HashData(der),
    };

}
