using System.Buffers;
using System.Globalization;
using System.Net.Security;
using System.Text;

namespace Bourse.Bench.Ping;

/// <summary>
/// The bytes of a Ping over HTTP/1.1 as a phone sends them (plain-text request line, Basic, policy key, WBXML body), and a
/// small reader of the answer: HTTP status, then the top-level Ping Status from the WBXML.
/// </summary>
internal static class PingWire
{
    /// <summary>The first Ping carries the heartbeat and the Inbox; later ones are empty (MS-ASCMD 2.2.1.13: the server's cached copy is used).</summary>
    public static byte[] Request(BenchDevice device, int port, int? heartbeatSeconds)
    {
        var body = heartbeatSeconds is { } hb ? WbxmlPing(hb, device.InboxId) : [];
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{device.Address}:{BenchDevice.Password}"));
        var head = $"POST /Microsoft-Server-ActiveSync?Cmd=Ping&User={Uri.EscapeDataString(device.Address)}&DeviceId={device.DeviceId}&DeviceType={BenchDevice.DeviceType} HTTP/1.1\r\n" +
                   $"Host: 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}\r\n" +
                   $"Authorization: Basic {credentials}\r\n" +
                   $"MS-ASProtocolVersion: {BenchDevice.ProtocolVersion}\r\n" +
                   $"X-MS-PolicyKey: {device.PolicyKey.ToString(CultureInfo.InvariantCulture)}\r\n" +
                   $"User-Agent: {BenchDevice.UserAgent}\r\n" +
                   "Content-Type: application/vnd.ms-sync.wbxml\r\n" +
                   $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    /// <summary>WBXML 1.3, public id 1, UTF-8: Ping(HeartbeatInterval, Folders(Folder(Id, Class))) on code page 13 (MS-ASWBXML).</summary>
    private static byte[] WbxmlPing(int heartbeat, string folderId)
    {
        var b = new List<byte> { 0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D };
        void Text(byte tag, string text)
        {
            b.Add((byte)(tag | 0x40));
            b.Add(0x03);
            b.AddRange(Encoding.UTF8.GetBytes(text));
            b.Add(0x00);
            b.Add(0x01);
        }

        b.Add(0x45); // Ping
        Text(0x08, heartbeat.ToString(CultureInfo.InvariantCulture)); // HeartbeatInterval
        b.Add(0x49); // Folders
        b.Add(0x4A); // Folder
        Text(0x0B, folderId); // Id
        Text(0x0C, "Email"); // Class
        b.Add(0x01);
        b.Add(0x01);
        b.Add(0x01);
        return [.. b];
    }

    /// <summary>
    /// Reads one response. While the Ping is held no buffer is kept (a zero-byte read waits for the first bytes). Returns the
    /// Ping Status ("1", "2" …), or "HTTP nnn" for another HTTP status, or null when the server closed the connection.
    /// </summary>
    public static async Task<string?> ReadAnswerAsync(SslStream ssl)
    {
        // A zero-byte read completes when data is available, without a buffer held meanwhile.
        _ = await ssl.ReadAsync(Memory<byte>.Empty);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var filled = 0;
            int headerEnd;
            while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (filled == buffer.Length)
                    return "HTTP headers too long";
                var n = await ssl.ReadAsync(buffer.AsMemory(filled));
                if (n == 0)
                    return null;
                filled += n;
            }

            var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
            var lines = head.Split("\r\n");
            var code = lines[0].Split(' ')[1];
            var length = 0;
            foreach (var line in lines)
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    length = int.Parse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
            }

            var bodyStart = headerEnd + 4;
            if (bodyStart + length > buffer.Length)
                return "HTTP body too long";
            while (filled < bodyStart + length)
            {
                var n = await ssl.ReadAsync(buffer.AsMemory(filled, bodyStart + length - filled));
                if (n == 0)
                    return null;
                filled += n;
            }

            return code != "200" ? "HTTP " + code : PingStatus(buffer.AsSpan(bodyStart, length)) ?? "no status";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The text of the first Status element of code page 13 (Ping), or null.</summary>
    public static string? PingStatus(ReadOnlySpan<byte> wbxml)
    {
        if (wbxml.Length < 4)
            return null;
        var i = 1;
        SkipMultiByte(wbxml, ref i); // public id
        SkipMultiByte(wbxml, ref i); // charset
        var table = ReadMultiByte(wbxml, ref i);
        i += table;
        var page = 0;
        var inStatus = false;
        while (i < wbxml.Length)
        {
            var t = wbxml[i++];
            switch (t)
            {
                case 0x00:
                    page = wbxml[i++];
                    continue;
                case 0x01:
                    inStatus = false;
                    continue;
                case 0x03:
                    var end = wbxml[i..].IndexOf((byte)0);
                    if (inStatus)
                        return Encoding.UTF8.GetString(wbxml.Slice(i, end));
                    i += end + 1;
                    continue;
                case 0xC3:
                    i += ReadMultiByte(wbxml, ref i);
                    continue;
                default:
                    inStatus = page == 13 && (t & 0x3F) == 0x07 && (t & 0x40) != 0;
                    continue;
            }
        }

        return null;
    }

    private static void SkipMultiByte(ReadOnlySpan<byte> b, ref int i) => ReadMultiByte(b, ref i);

    private static int ReadMultiByte(ReadOnlySpan<byte> b, ref int i)
    {
        var v = 0;
        while (true)
        {
            var x = b[i++];
            v = (v << 7) | (x & 0x7F);
            if ((x & 0x80) == 0)
                return v;
        }
    }
}
