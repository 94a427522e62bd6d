using System.Security.Cryptography.X509Certificates;
using Bourse.ClientAccess.Auth.Ntlm;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Auth;

/// <summary>Our side of the channel binding: the MsvAvChannelBindings a client on this TLS connection must send.</summary>
internal static class TlsChannelBinding
{
    /// <summary>MD5(gss_channel_bindings_struct) for our server certificate, or null when the request is not over TLS here.</summary>
    public static byte[]? ForRequest(HttpContext context, NtlmConnectionState? state)
    {
        if (state is { ChannelBindingComputed: true })
        {
            return state.ChannelBinding;
        }
        byte[]? binding = null;
        if (context.Request.IsHttps && context.Features.Get<ISslStreamFeature>()?.SslStream.LocalCertificate is { } local)
        {
            // RFC 5929 4: tls-server-end-point binds to the certificate the server presented on this connection.
            var certificate = local as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(local.GetRawCertData());
            binding = NtlmChannelBinding.ForCertificate(certificate);
        }
        if (state is not null)
        {
            state.ChannelBinding = binding;
            state.ChannelBindingComputed = true;
        }
        return binding;
    }
}
