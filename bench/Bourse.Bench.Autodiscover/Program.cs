using System.Globalization;
using Bourse.Bench.Autodiscover;
using Spectre.Console;

// Authenticated Autodiscover POX requests per second against the real `bourse serve` process, on keep-alive TLS
// connections with Basic auth, and a trivial Kestrel HTTPS endpoint (its own process, same certificate and TLS settings)
// measured the same way in the same run; the ratio is the figure (issue 3 goal: at least 0.5). Rounds alternate the two
// endpoints so that outside load hits both alike; medians are reported. Everything stays on 127.0.0.1.
if (args.Length == 2 && args[0] == TrivialKestrel.Mode)
    return await TrivialKestrel.RunAsync(args[1]);
var options = BenchOptions.Parse(args);
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
if (options.Pin && await Pinning.ReexecOnClientCpuAsync(args) is { } pinnedExit)
    return pinnedExit;

static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

var serverCpus = options.Pin ? Pinning.ServerCpus : null;
AnsiConsole.MarkupLine($"[bold]Bourse Autodiscover benchmark[/] — {Environment.ProcessorCount} cores, {options.Connections} keep-alive TLS connections, " +
    $"{options.Rounds} rounds of {options.Seconds} s per endpoint (after {options.WarmupSeconds} s warm-up each, {options.SettleSeconds} s settling before each run), at most {options.MaxRequests} requests a run, " +
    $"trivial endpoint sent {(options.TrivialRequest == TrivialRequestKind.Same ? "the POX request" : "a bare GET")}, " +
    $"{(options.Pin ? "servers pinned to CPU 0 and load generator to CPU 1" : "not pinned")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

await using var bourse = await BourseUnderTest.StartAsync(options, serverCpus);
await using var trivial = await TrivialServerProcess.StartAsync(bourse.CertificatePath, serverCpus);
var pox = LoadRun.PoxRequest(bourse.Email, bourse.Password);
using var poxRun = new LoadRun("POX", bourse.Port, pox, () => bourse.CpuTime, options);
using var trivialRun = new LoadRun("trivial", trivial.Port,
    options.TrivialRequest == TrivialRequestKind.Same ? pox : LoadRun.BareGetRequest(), () => trivial.CpuTime, options);

// Phase lines on stderr let a profiler attach to the right process at the right time (see docs/benchmarks.md).
Console.Error.WriteLine($"phase: warm-up (bourse pid {bourse.ProcessId}, trivial pid {trivial.ProcessId})");
await poxRun.WarmupAsync(TimeSpan.FromSeconds(options.WarmupSeconds));
await trivialRun.WarmupAsync(TimeSpan.FromSeconds(options.WarmupSeconds));

var duration = TimeSpan.FromSeconds(options.Seconds);
var rounds = new List<(LoadRun.Result Pox, LoadRun.Result Trivial)>();
for (var round = 1; round <= options.Rounds; round++)
{
    await poxRun.WarmupAsync(TimeSpan.FromSeconds(options.SettleSeconds));
    Console.Error.WriteLine($"phase: round {round} pox (pid {bourse.ProcessId})");
    var p = await poxRun.MeasureAsync(duration, options.MaxRequests);
    await trivialRun.WarmupAsync(TimeSpan.FromSeconds(options.SettleSeconds));
    Console.Error.WriteLine($"phase: round {round} trivial (pid {trivial.ProcessId})");
    var t = await trivialRun.MeasureAsync(duration, options.MaxRequests);
    rounds.Add((p, t));
}
Console.Error.WriteLine("phase: done");

AnsiConsole.MarkupLine("POX = Autodiscover POX on bourse serve with Basic; trivial = bare Kestrel HTTPS constant. CPU per request: server process, and this load generator.");
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = 140;
var table = new Table().AddColumns("round", "endpoint", "requests", "errors", "req/s", "p50 ms", "p99 ms", "server µs/req", "client µs/req", "ratio");
for (var i = 0; i < rounds.Count; i++)
{
    var (p, t) = rounds[i];
    foreach (var (name, r, ratio) in new[] { (poxRun.Name, p, t.PerSecond > 0 ? F(p.PerSecond / t.PerSecond, "0.00") : ""), (trivialRun.Name, t, "") })
    {
        table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), name, r.Requests.ToString(CultureInfo.InvariantCulture), r.Errors.ToString(CultureInfo.InvariantCulture),
            F(r.PerSecond, "0"), F(r.P50Ms, "0.00"), F(r.P99Ms, "0.00"), F(r.ServerMicrosecondsPerRequest, "0.0"), F(r.ClientMicrosecondsPerRequest, "0.0"), ratio);
    }
}
AnsiConsole.Write(table);

var poxRate = Median(rounds.Select(r => r.Pox.PerSecond));
var trivialRate = Median(rounds.Select(r => r.Trivial.PerSecond));
var ratioMedian = Median(rounds.Select(r => r.Trivial.PerSecond > 0 ? r.Pox.PerSecond / r.Trivial.PerSecond : 0));
var poxServer = Median(rounds.Select(r => r.Pox.ServerMicrosecondsPerRequest));
var trivialServer = Median(rounds.Select(r => r.Trivial.ServerMicrosecondsPerRequest));
var poxClient = Median(rounds.Select(r => r.Pox.ClientMicrosecondsPerRequest));
var trivialClient = Median(rounds.Select(r => r.Trivial.ClientMicrosecondsPerRequest));
// The machine is often shared: CPU time per request is steadier than req/s under outside load. On two shared cores the
// client's CPU counts too: saturated, req/s ≈ 2 cores / (server + client µs per request).
AnsiConsole.MarkupLine($"medians: POX [bold]{F(poxRate, "0")}[/] req/s, trivial [bold]{F(trivialRate, "0")}[/] req/s; " +
    $"server CPU per request POX [bold]{F(poxServer, "0.0")} µs[/], trivial {F(trivialServer, "0.0")} µs; client CPU per request POX {F(poxClient, "0.0")} µs, trivial {F(trivialClient, "0.0")} µs");
var errors = rounds.Sum(r => r.Pox.Errors);
AnsiConsole.MarkupLine($"ratio Autodiscover / trivial = [bold]{F(ratioMedian, "0.00")}[/] (median of rounds; goal ≥ 0.50); " +
    $"CPU-time ratio (server + client µs, trivial / POX) = {F((trivialServer + trivialClient) / (poxServer + poxClient), "0.00")}" +
    $"{(errors > 0 ? " — Autodiscover had errors" : "")}");
return errors == 0 && rounds.All(r => r.Pox.Requests > 0) ? 0 : 1;
