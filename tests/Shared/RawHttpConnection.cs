using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bourse.Testing;

/// <summary>
/// One HTTP/1.1 keep-alive connection to 127.0.0.1 under the test's full control: which TCP/TLS connection a token goes
/// on, the Host header, the exact headers. Reports the certificate the server presented.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;

    private RawHttpConnection(TcpClient tcp, Stream stream, X509Certificate2? certificate)
    {
        _tcp = tcp;
        _stream = stream;
        ServerCertificate = certificate;
    }

    public X509Certificate2? ServerCertificate { get; }

    public string Host { get; init; } = "mail.bourse.test";

    public static async Task<RawHttpConnection> OpenAsync(int port, bool tls = true, string host = "mail.bourse.test")
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        Stream stream = tcp.GetStream();
        X509Certificate2? certificate = null;
        if (tls)
        {
            var ssl = new SslStream(stream, false, (_, _, _, _) => true);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host, ApplicationProtocols = [SslApplicationProtocol.Http11] });
            certificate = ssl.RemoteCertificate is { } c ? X509CertificateLoader.LoadCertificate(c.GetRawCertData()) : null;
            stream = ssl;
        }
        return new RawHttpConnection(tcp, stream, certificate) { Host = host };
    }

    /// <summary>Sends a request without a body.</summary>
    public Task<RawHttpResponse> SendAsync(string method, string path, params (string Name, string Value)[] headers) =>
        SendAsync(method, path, body: null, headers);

    public async Task<RawHttpResponse> SendAsync(string method, string path, string? body, params (string Name, string Value)[] headers)
    {
        var content = Encoding.UTF8.GetBytes(body ?? "");
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: {Host}\r\nContent-Length: {content.Length}\r\n");
        if (body is not null)
            head.Append("Content-Type: text/xml; charset=utf-8\r\n");
        foreach (var (name, value) in headers)
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        head.Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await _stream.WriteAsync(content);
        await _stream.FlushAsync();
        return await ReadResponseAsync(method == "HEAD");
    }

    private async Task<RawHttpResponse> ReadResponseAsync(bool noBody)
    {
        var lines = new List<string>();
        for (var line = await ReadLineAsync(); line.Length > 0; line = await ReadLineAsync())
            lines.Add(line);
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
        var body = new MemoryStream();
        var length = headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (noBody)
        {
        }
        else if (length is not null)
        {
            var buffer = new byte[int.Parse(length, CultureInfo.InvariantCulture)];
            await _stream.ReadExactlyAsync(buffer);
            body.Write(buffer);
        }
        else if (headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            for (var size = Convert.ToInt32((await ReadLineAsync()).Split(';')[0], 16); size > 0; size = Convert.ToInt32((await ReadLineAsync()).Split(';')[0], 16))
            {
                var buffer = new byte[size];
                await _stream.ReadExactlyAsync(buffer);
                body.Write(buffer);
                await ReadLineAsync();
            }
            await ReadLineAsync();
        }
        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private async Task<string> ReadLineAsync()
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 2 || line[^2] != '\r' || line[^1] != '\n')
        {
            if (await _stream.ReadAsync(one) == 0)
                throw new IOException("connection closed by server");
            line.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. line])[..^2];
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
        ServerCertificate?.Dispose();
    }
}
