using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>Sends a request head byte for byte (no client-side normalization of the target) over TLS to 127.0.0.1.</summary>
internal static class RawHttpsClient
{
    public static async Task<(int Status, string Head, string Body)> SendAsync(int port, string head, bool tls = true)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        Stream stream = tcp.GetStream();
        if (tls)
        {
            var ssl = new SslStream(stream, false, (_, _, _, _) => true);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "mail.bourse.test",
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            });
            stream = ssl;
        }
        await using (stream)
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(head));
            await stream.FlushAsync();
            using var buffer = new MemoryStream();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await stream.CopyToAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                // The server may reset after answering a refused request; what arrived is the answer.
            }
            var text = Encoding.Latin1.GetString(buffer.ToArray());
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var responseHead = split < 0 ? text : text[..split];
            var body = split < 0 ? string.Empty : text[(split + 4)..];
            var parts = responseHead.Split(' ', 3);
            var status = parts.Length > 1 && int.TryParse(parts[1], out var s) ? s : 0;
            return (status, responseHead, body);
        }
    }
}
