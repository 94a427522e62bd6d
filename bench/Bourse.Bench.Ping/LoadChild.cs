using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;

namespace Bourse.Bench.Ping;

/// <summary>
/// One load process: its share of the devices, each on its own keep-alive TLS connection (raw HTTP/1.1 over SslStream),
/// sending a Ping, waiting for the answer, and pinging again (empty body) as a phone does. Commands come on stdin
/// (<c>open N</c>, <c>quit</c>); every answer goes to stdout as <c>resp INDEX STATUS TIMESTAMP</c> with the monotonic clock
/// (Stopwatch ticks, one clock for every process on Linux), so the parent can time deliveries across processes.
/// </summary>
internal static class LoadChild
{
    private static readonly bool Debug = Environment.GetEnvironmentVariable("BENCH_DEBUG") == "1";

    private static readonly Channel<string> Output = Channel.CreateUnbounded<string>();

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name) => args[Array.IndexOf(args, name) + 1];
        var port = int.Parse(Arg("--port"), CultureInfo.InvariantCulture);
        var first = int.Parse(Arg("--first"), CultureInfo.InvariantCulture);
        var count = int.Parse(Arg("--count"), CultureInfo.InvariantCulture);
        var heartbeat = int.Parse(Arg("--heartbeat"), CultureInfo.InvariantCulture);
        var devices = File.ReadLines(Arg("--devices")).Skip(first).Take(count).Select(BenchDevice.FromLine).ToArray();

        var writer = Task.Run(async () =>
        {
            // Our own writer and reader on the raw streams: System.Console's reader and writer share a lock on Unix, so a
            // pending Console.In.ReadLine would hold every answer back until the next command.
            await using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            await foreach (var line in Output.Reader.ReadAllAsync())
            {
                await stdout.WriteLineAsync(line);
                if (Output.Reader.Count == 0)
                    await stdout.FlushAsync();
            }
        });

        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        using var handshakes = new SemaphoreSlim(32);
        var next = 0;
        var running = new List<Task>();
        string? command;
        using var stdin = new StreamReader(Console.OpenStandardInput());
        while ((command = await stdin.ReadLineAsync()) is not null && command != "quit")
        {
            if (!command.StartsWith("open ", StringComparison.Ordinal))
                continue;
            var n = Math.Min(int.Parse(command.AsSpan(5), CultureInfo.InvariantCulture), devices.Length - next);
            var batch = devices.AsMemory(next, n);
            next += n;
            var opened = new CountdownEvent(n);
            for (var i = 0; i < n; i++)
                running.Add(RunDeviceAsync(batch.Span[i], endpoint, port, heartbeat, handshakes, opened));
            await Task.Run(() => opened.Wait());
            Output.Writer.TryWrite("opened " + next.ToString(CultureInfo.InvariantCulture));
        }

        Output.Writer.TryComplete();
        await writer;
        return 0;
    }

    private static async Task RunDeviceAsync(BenchDevice device, IPEndPoint endpoint, int port, int heartbeat, SemaphoreSlim handshakes, CountdownEvent opened)
    {
        var signalled = false;
        try
        {
            SslStream ssl;
            await handshakes.WaitAsync();
            try
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(endpoint);
                ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "mail." + BenchDevice.Domain,
                    // Loopback only, the server's self-signed certificate.
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                });
                await ssl.WriteAsync(PingWire.Request(device, port, heartbeat));
            }
            finally
            {
                handshakes.Release();
            }

            opened.Signal();
            signalled = true;
            var empty = PingWire.Request(device, port, null);
            await using (ssl)
            {
                while (true)
                {
                    var status = await PingWire.ReadAnswerAsync(ssl);
                    var at = Stopwatch.GetTimestamp();
                    if (Debug)
                        await Console.Error.WriteLineAsync($"{DateTime.UtcNow:HH:mm:ss.fff} device {device.Index}: {status}");
                    if (status is null)
                    {
                        Output.Writer.TryWrite($"fail {device.Index.ToString(CultureInfo.InvariantCulture)} closed");
                        return;
                    }

                    Output.Writer.TryWrite($"resp {device.Index.ToString(CultureInfo.InvariantCulture)} {status.Replace(' ', '_')} {at.ToString(CultureInfo.InvariantCulture)}");
                    // A phone pings again at once after Status 1 or 2 (after syncing the folders named); after anything else it backs off.
                    if (status is not ("1" or "2"))
                        await Task.Delay(TimeSpan.FromSeconds(5));
                    await ssl.WriteAsync(empty);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or ObjectDisposedException)
        {
            Output.Writer.TryWrite($"fail {device.Index.ToString(CultureInfo.InvariantCulture)} {e.GetType().Name}");
        }
        finally
        {
            if (!signalled)
                opened.Signal();
        }
    }
}
