using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bourse.ClientAccess.Tests.Infrastructure;

/// <summary>One HTTP/1.1 keep-alive connection under the test's full control (which connection a token goes on).</summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;

    private RawHttpConnection(TcpClient tcp, Stream stream, X509Certificate2? remote)
    {
        _tcp = tcp;
        _stream = stream;
        RemoteCertificate = remote;
    }

    public X509Certificate2? RemoteCertificate { get; }

    public static async Task<RawHttpConnection> OpenAsync(int port, bool tls = true)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        Stream stream = tcp.GetStream();
        X509Certificate2? remote = null;
        if (tls)
        {
            var ssl = new SslStream(stream, false, (_, _, _, _) => true);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "mail.bourse.test",
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            });
            remote = ssl.RemoteCertificate is { } c ? X509CertificateLoader.LoadCertificate(c.GetRawCertData()) : null;
            stream = ssl;
        }
        return new RawHttpConnection(tcp, stream, remote);
    }

    public async Task<RawHttpResponse> SendAsync(string method, string path, params (string Name, string Value)[] headers)
    {
        var request = new StringBuilder();
        request.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: mail.bourse.test\r\nContent-Length: 0\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        request.Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        await _stream.FlushAsync();
        return await ReadResponseAsync();
    }

    private async Task<RawHttpResponse> ReadResponseAsync()
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await _stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed by server");
            }
            head.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => (Name: l[..l.IndexOf(':')], Value: l[(l.IndexOf(':') + 1)..].Trim())).ToList();
        var body = new MemoryStream();
        var length = headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (length is not null)
        {
            await CopyExactlyAsync(body, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync();
                var size = Convert.ToInt32(sizeLine.Split(';')[0], 16);
                if (size == 0)
                {
                    await ReadLineAsync();
                    break;
                }
                await CopyExactlyAsync(body, size);
                await ReadLineAsync();
            }
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
            {
                throw new IOException("connection closed by server");
            }
            line.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. line])[..^2];
    }

    private async Task CopyExactlyAsync(Stream into, int count)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer);
        into.Write(buffer);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
