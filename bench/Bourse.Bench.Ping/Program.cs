using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bourse.Bench.Ping;
using Spectre.Console;

// Held ActiveSync Pings (Direct Push) against the real `bourse serve` process: N devices, each on its own TLS connection
// from a few load processes, each holding a Ping on its Inbox. Reports the server's memory and threads before and while
// they are held (per held Ping), the CPU each cost to set up, and how fast a delivery made by another process (as the CLI
// or an SMTP front end would) answers the Ping of its mailbox. Everything stays on 127.0.0.1.
//   dotnet run -c Release --project bench/Bourse.Bench.Ping -- [--devices 15000] [--children 4] [--deliveries 200]
//       [--devices-per-user 1] [--heartbeat 1800] [--warmup 200] [--data DIR (prepared once, reused)]
//       [--server hold (the bare Kestrel floor instead of bourse) | --floor (bourse, then the floor, and their ratio)]
if (args.Contains("--child"))
    return await LoadChild.RunAsync(args);
if (args.Contains("--hold-server"))
    return await HoldServer.RunAsync(int.Parse(args[Array.IndexOf(args, "--port") + 1], CultureInfo.InvariantCulture));

var options = PingBenchOptions.Parse(args);
const string PerHeldLine = "per-held-bytes: ";
var inv = CultureInfo.InvariantCulture;
AnsiConsole.MarkupLine($"[bold]Bourse Ping benchmark[/]{(options.HoldServer ? " (bare Kestrel floor, not bourse)" : "")} — {Environment.ProcessorCount} cores, {options.Devices:N0} devices " +
    $"({options.DevicesPerUser} per user) on {options.Children} load processes, heartbeat {options.HeartbeatSeconds} s, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
void Say(string text) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]");

var root = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "bourse-bench-ping-" + Environment.ProcessId.ToString(inv));
await using var data = await BenchData.OpenAsync(root, options, Say);
await using var server = await BourseServer.StartAsync(root, options);
Say($"bourse serve pid {server.Pid} on 127.0.0.1:{server.Port}");
var board = new AnswerBoard();
var started = server.Stats();

// Slices of the device list, one per load process.
var slices = Enumerable.Range(0, options.Children)
    .Select(c => (First: c * options.Devices / options.Children, Count: (c + 1) * options.Devices / options.Children - c * options.Devices / options.Children))
    .ToArray();
var children = slices.Select(s => LoadProcess.Start(server.Port, s.First, s.Count, options.HeartbeatSeconds, data.DevicesPath, board)).ToList();
var results = new List<(string Name, string Value, string Note)>();
var exit = 0;
try
{
    // Warm-up: a few devices per load process hold a Ping, and a delivery wakes each (JIT on every path of the server).
    var warm = slices.Select(s => Math.Min(s.Count, (options.WarmupDevices + options.Children - 1) / options.Children)).ToArray();
    await Task.WhenAll(children.Select((c, i) => c.OpenAsync(warm[i])));
    await server.QuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));
    var warmDevices = slices.SelectMany((s, i) => Enumerable.Range(s.First, warm[i])).ToList();
    var warmDeliveries = options.HoldServer ? 0 : Math.Min(50, warmDevices.Count);
    foreach (var d in warmDevices.Take(warmDeliveries))
        await DeliverAndWaitAsync(d);
    await server.QuietAsync(TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(5));
    var before = server.Stats();
    var warmCount = warmDevices.Count;
    Say($"warm: {warmCount} Pings held; server RSS {ProcStats.Mib(before.RssBytes)}, {before.Threads} threads");

    // The load: every other device connects (TLS), signs in (Basic) and sends its first Ping, which the server holds.
    var peakThreads = before.Threads;
    var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peakThreads = Math.Max(peakThreads, ProcStats.Read(server.Pid).Threads);
            await Task.Delay(500);
        }
    });
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(children.Select((c, i) => c.OpenAsync(slices[i].Count - warm[i])));
    var sent = clock.Elapsed;
    Say($"all {options.Devices:N0} Pings sent in {sent.TotalSeconds:0.0} s; waiting for the server to settle");
    await server.QuietAsync(TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(10));
    var settled = clock.Elapsed;
    var held = server.Stats();
    await sampling.CancelAsync();
    await sampler;
    var load = options.Devices - warmCount;
    var early = board.ByStatus.Sum(kv => kv.Value) - warmDeliveries;
    Say($"held: sockets {held.Sockets:N0}, RSS {ProcStats.Mib(held.RssBytes)}, threads {held.Threads} (peak {peakThreads}); " +
        $"answers before any delivery beyond the warm-up: {early}, failures {board.Failures}{(board.LastFailure is { } f ? " (" + f + ")" : "")}");

    // The thread pool may have added workers for the connection storm (TLS handshakes, sign-ins, directory writes); idle
    // workers retire after 20 s. With every Ping still held, the count must be back where it was.
    await Task.Delay(TimeSpan.FromSeconds(30));
    var heldLater = server.Stats();

    // For a look from outside (dotnet-counters, dotnet-gcdump) while everything is held.
    if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_HOLD_SECONDS"), NumberStyles.None, inv, out var pause) && pause > 0)
    {
        Say($"holding for {pause} s (server pid {server.Pid})");
        await Task.Delay(TimeSpan.FromSeconds(pause));
    }

    // Deliveries from this process (another process to the server: seen through PRAGMA data_version) to random held devices.
    var latencies = new List<double>();
    var wrong = 0;
    var unexpectedBefore = board.Unexpected;
    foreach (var d in Enumerable.Range(0, options.Devices).OrderBy(_ => Random.Shared.Next()).Take(options.HoldServer ? 0 : options.Deliveries))
    {
        var (status, ms) = await DeliverAndWaitAsync(d);
        if (status != "2")
            wrong++;
        else
            latencies.Add(ms);
        // Spread the deliveries over the notifier's 250 ms poll phase.
        await Task.Delay(Random.Shared.Next(0, 250));
    }

    var collateral = board.Unexpected - unexpectedBefore;
    var after = server.Stats();
    latencies.Sort();

    // Release: the load processes close their connections.
    await Task.WhenAll(children.Select(c => c.QuitAsync()));
    await Task.Delay(TimeSpan.FromSeconds(2));
    await server.QuietAsync(TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(2));
    var released = server.Stats();

    string PerPing(long delta) => (delta / (double)load / 1024).ToString("0.0", inv) + " kB";
    results.Add(("server started (idle)", $"RSS {ProcStats.Mib(started.RssBytes)}, private {ProcStats.Mib(started.PrivateBytes)}", $"{started.Threads} threads"));
    results.Add(("warmed up", $"RSS {ProcStats.Mib(before.RssBytes)}, private {ProcStats.Mib(before.PrivateBytes)}", $"{before.Threads} threads, {warmCount} Pings held"));
    results.Add(($"{options.Devices:N0} Pings held", $"RSS {ProcStats.Mib(held.RssBytes)}, private {ProcStats.Mib(held.PrivateBytes)}",
        $"{held.Threads} threads (peak while connecting {peakThreads}), {held.Sockets:N0} sockets"));
    results.Add(("30 s later, all still held", $"RSS {ProcStats.Mib(heldLater.RssBytes)}, private {ProcStats.Mib(heldLater.PrivateBytes)}",
        $"{heldLater.Threads} threads (warmed up: {before.Threads}), {heldLater.Sockets:N0} sockets"));
    results.Add(("per held Ping (held − warmed up)", $"RSS {PerPing(held.RssBytes - before.RssBytes)}, private {PerPing(held.PrivateBytes - before.PrivateBytes)}",
        $"anonymous {PerPing(held.AnonBytes - before.AnonBytes)}; goal ≤ 50 kB, total < 750 MiB"));
    results.Add(("server CPU per Ping set up", ((held.Cpu - before.Cpu).TotalMicroseconds / load).ToString("0", inv) + " µs",
        $"TLS handshake, Basic sign-in, device check, Ping; {sent.TotalSeconds:0} s to send, {settled.TotalSeconds:0} s to settle"));
    results.Add(($"delivery → Ping answer ({latencies.Count} deliveries)",
        $"p50 {Pct(0.50)} ms, p99 {Pct(0.99)} ms, max {(latencies.Count > 0 ? latencies[^1] : 0).ToString("0", inv)} ms",
        $"goal p99 < 1000 ms; {wrong} not answered with Status 2, {collateral} other Pings answered"));
    results.Add(("after the deliveries", $"RSS {ProcStats.Mib(after.RssBytes)}, private {ProcStats.Mib(after.PrivateBytes)}", $"{after.Threads} threads"));
    results.Add(("connections closed", $"RSS {ProcStats.Mib(released.RssBytes)}, private {ProcStats.Mib(released.PrivateBytes)}",
        $"{released.Threads} threads, {released.Sockets} sockets"));

    var table = new Table().AddColumns("measure", "figure", "note");
    foreach (var (name, value, note) in results)
        table.AddRow(Markup.Escape(name), Markup.Escape(value), Markup.Escape(note));
    AnsiConsole.Write(table);
    var statuses = string.Join(", ", board.ByStatus.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}×{kv.Value}"));
    Say($"answers by status: {statuses}; load-process failures: {board.Failures}");

    var perPing = (held.RssBytes - before.RssBytes) / (double)load;
    // Read by the --floor comparison (this same program run with --server hold).
    Console.WriteLine(FormattableString.Invariant($"{PerHeldLine}{perPing:0}"));
    var ok = early == 0 && board.Failures == 0 && wrong == 0 && held.Sockets >= options.Devices
             && perPing <= 50 * 1024 && held.RssBytes < 750L * 1024 * 1024 && (latencies.Count == 0 || latencies[(int)(0.99 * (latencies.Count - 1))] < 1000);
    AnsiConsole.MarkupLine(ok ? "[green]all goals met[/]" : "[red]a goal was missed (see above)[/]");
    exit = ok ? 0 : 1;
    if (options.CompareFloor && !options.HoldServer)
    {
        // The floor is measured after bourse has stopped, with the same devices and load processes.
        await Task.WhenAll(children.Select(c => c.DisposeAsync().AsTask()));
        children.Clear();
        await server.DisposeAsync();
        var floor = await FloorAsync();
        AnsiConsole.MarkupLine(floor is { } floorPerPing
            ? FormattableString.Invariant($"[bold]bourse / bare Kestrel floor, per held Ping:[/] {perPing / 1024:0.0} kB / {floorPerPing / 1024:0.0} kB = {perPing / floorPerPing:0.00} (bourse's own: {(perPing - floorPerPing) / 1024:0.0} kB)")
            : "[red]the floor run gave no figure[/]");
    }

    string Pct(double p) => latencies.Count == 0 ? "-" : latencies[(int)(p * (latencies.Count - 1))].ToString("0", inv);
}
finally
{
    foreach (var c in children)
        await c.DisposeAsync();
    if (options.DataDirectory is null)
        Directory.Delete(root, recursive: true);
}

return exit;

// This program again with --server hold on the same prepared devices; its per-held-connection bytes.
async Task<double?> FloorAsync()
{
    var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Bourse.Bench.Ping.dll"), "--server", "hold", "--data", root,
                 "--devices", options.Devices.ToString(inv), "--children", options.Children.ToString(inv), "--warmup", options.WarmupDevices.ToString(inv),
                 "--devices-per-user", options.DevicesPerUser.ToString(inv), "--heartbeat", options.HeartbeatSeconds.ToString(inv) })
        info.ArgumentList.Add(a);
    Say("the bare Kestrel floor with the same devices:");
    using var floor = Process.Start(info)!;
    double? perHeld = null;
    while (await floor.StandardOutput.ReadLineAsync() is { } line)
    {
        if (line.StartsWith(PerHeldLine, StringComparison.Ordinal))
            perHeld = double.Parse(line.AsSpan(PerHeldLine.Length), NumberStyles.Float, inv);
        else
            Console.WriteLine("  " + line);
    }

    await floor.WaitForExitAsync();
    return perHeld;
}

// Delivers a small message to the device's user and waits for that device's Ping to answer; the time from before the
// delivery starts (so its own commit is included) to the answer reaching the device, on the one monotonic clock.
async Task<(string Status, double Ms)> DeliverAndWaitAsync(int device)
{
    var target = data.Devices[device];
    var answer = board.Expect(device);
    var mime = Encoding.UTF8.GetBytes($"From: Carol <carol@example.com>\r\nTo: {target.Address}\r\nSubject: Ping {device}\r\n" +
        $"Date: {DateTime.UtcNow:R}\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n");
    var start = Stopwatch.GetTimestamp();
    var delivered = await data.Delivery.DeliverAsync(target.Address, mime);
    if (Environment.GetEnvironmentVariable("BENCH_DEBUG") == "1")
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} delivered to device {device}: {delivered.Status}");
    if (!delivered.IsDelivered)
        return ("not delivered: " + delivered, 0);
    try
    {
        var (status, at) = await answer.WaitAsync(TimeSpan.FromSeconds(10));
        return (status, Stopwatch.GetElapsedTime(start, at).TotalMilliseconds);
    }
    catch (TimeoutException)
    {
        return ("no answer in 10 s", 10_000);
    }
}
