using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>
/// A tiny authoritative DNS server (RFC 1035, UDP) on 127.0.0.1 and a free port, answering A and SRV questions from a
/// table: known names with NOERROR (an empty answer for other types), everything else NXDOMAIN. Records what was asked.
/// </summary>
internal sealed class LoopbackDnsServer : IAsyncDisposable
{
    private const ushort TypeA = 1;
    private const ushort TypeSrv = 33;
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, IPAddress> _a;
    private readonly Dictionary<string, (ushort Priority, ushort Weight, ushort Port, string Target)> _srv;

    public LoopbackDnsServer(Dictionary<string, IPAddress> a, Dictionary<string, (ushort, ushort, ushort, string)> srv)
    {
        _a = new Dictionary<string, IPAddress>(a, StringComparer.OrdinalIgnoreCase);
        _srv = new Dictionary<string, (ushort, ushort, ushort, string)>(srv, StringComparer.OrdinalIgnoreCase);
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public List<string> Questions { get; } = [];

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (Answer(received.Buffer) is { } response)
                await _udp.SendAsync(response, received.RemoteEndPoint, _stop.Token);
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 17 || BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(4)) != 1)
            return null;
        // The question: labels up to the root, then QTYPE and QCLASS.
        var labels = new List<string>();
        var at = 12;
        while (at < query.Length && query[at] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, at + 1, query[at]));
            at += query[at] + 1;
        }
        var questionEnd = at + 5;
        if (questionEnd > query.Length)
            return null;
        var name = string.Join('.', labels);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(at + 1));
        lock (Questions)
            Questions.Add($"{name} {(type == TypeSrv ? "SRV" : type == TypeA ? "A" : type.ToString(System.Globalization.CultureInfo.InvariantCulture))}");

        var answers = new List<byte[]>();
        if (type == TypeA && _a.TryGetValue(name, out var address))
            answers.Add(Record(TypeA, address.GetAddressBytes()));
        if (type == TypeSrv && _srv.TryGetValue(name, out var srv))
        {
            var target = EncodeName(srv.Target);
            var data = new byte[6 + target.Length];
            BinaryPrimitives.WriteUInt16BigEndian(data, srv.Priority);
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), srv.Weight);
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(4), srv.Port);
            target.CopyTo(data, 6);
            answers.Add(Record(TypeSrv, data));
        }
        var known = _a.ContainsKey(name) || _srv.ContainsKey(name);
        var response = new MemoryStream();
        var header = new byte[12];
        query.AsSpan(0, 2).CopyTo(header);
        // QR, AA, the client's RD; RCODE 3 (NXDOMAIN) for a name we do not have.
        header[2] = (byte)(0x84 | (query[2] & 0x01));
        header[3] = (byte)(known ? 0 : 3);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)answers.Count);
        response.Write(header);
        response.Write(query.AsSpan(12, questionEnd - 12));
        foreach (var answer in answers)
            response.Write(answer);
        return response.ToArray();
    }

    private static byte[] Record(ushort type, byte[] data)
    {
        var record = new byte[12 + data.Length];
        // A pointer to the question's name (offset 12), TYPE, CLASS IN, TTL 60, RDLENGTH, RDATA.
        BinaryPrimitives.WriteUInt16BigEndian(record, 0xc00c);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), 60);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)data.Length);
        data.CopyTo(record, 12);
        return record;
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = new MemoryStream();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.WriteByte((byte)label.Length);
            bytes.Write(Encoding.ASCII.GetBytes(label));
        }
        bytes.WriteByte(0);
        return bytes.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
