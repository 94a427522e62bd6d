using System.Globalization;
using Bourse.Bench.Autodiscover;
using Spectre.Console;

// Authenticated Autodiscover POX requests per second against the real `bourse serve` process, on keep-alive TLS
// connections with Basic auth, and a trivial Kestrel HTTPS endpoint returning a constant measured the same way in the
// same run; the ratio is the figure (issue 3 goal: at least 0.5). Everything stays on 127.0.0.1.
//   dotnet run -c Release --project bench/Bourse.Bench.Autodiscover -- [--connections 8] [--seconds 5] [--warmup 5] [--max-requests 200000]
var options = BenchOptions.Parse(args);
AnsiConsole.MarkupLine($"[bold]Bourse Autodiscover benchmark[/] — {Environment.ProcessorCount} cores, {options.Connections} keep-alive TLS connections, " +
    $"{options.Seconds} s per run (after {options.WarmupSeconds} s warm-up), at most {options.MaxRequests} requests, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

await using var bourse = await BourseUnderTest.StartAsync(options);
var autodiscover = await LoadRun.RunAsync("Autodiscover POX (bourse serve, Basic)", bourse.Port, LoadRun.AutodiscoverRequest(bourse.Email, bourse.Password), options,
    () => bourse.CpuTime);
await using var trivial = await TrivialKestrel.StartAsync();
var constant = await LoadRun.RunAsync("trivial Kestrel HTTPS constant", trivial.Port, LoadRun.ConstantRequest(), options);

var table = new Table().AddColumns("endpoint", "requests", "errors", "req/s", "p50 ms", "p99 ms");
foreach (var r in new[] { autodiscover, constant })
{
    table.AddRow(r.Name, r.Requests.ToString(CultureInfo.InvariantCulture), r.Errors.ToString(CultureInfo.InvariantCulture),
        r.PerSecond.ToString("0", CultureInfo.InvariantCulture), r.P50Ms.ToString("0.00", CultureInfo.InvariantCulture), r.P99Ms.ToString("0.00", CultureInfo.InvariantCulture));
}
AnsiConsole.Write(table);
// The machine is often shared: the server's own CPU time per request is steadier than req/s under outside load.
if (autodiscover.ServerCpu is { } cpu && autodiscover.Requests > 0)
    AnsiConsole.MarkupLine($"bourse server CPU per request: [bold]{(cpu.TotalMicroseconds / autodiscover.Requests).ToString("0", CultureInfo.InvariantCulture)} µs[/]");
var ratio = constant.PerSecond > 0 ? autodiscover.PerSecond / constant.PerSecond : 0;
AnsiConsole.MarkupLine($"ratio Autodiscover / trivial = [bold]{ratio.ToString("0.00", CultureInfo.InvariantCulture)}[/] (goal ≥ 0.50){(autodiscover.Errors > 0 ? " — Autodiscover had errors" : "")}");
return autodiscover.Errors == 0 && autodiscover.Requests > 0 ? 0 : 1;
