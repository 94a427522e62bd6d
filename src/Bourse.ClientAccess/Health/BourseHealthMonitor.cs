using Bourse.ClientAccess.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Health;

/// <summary>
/// Runs the probes that gate a protocol, in parallel and under the timeout, and shares the result between concurrent
/// callers and for <see cref="BourseHealthOptions.CacheDuration"/>. Draining and switched-off protocols answer at once.
/// </summary>
internal sealed class BourseHealthMonitor(
    IEnumerable<IHealthProbe> probes,
    IOptionsMonitor<BourseHealthOptions> options,
    TimeProvider time,
    ILogger<BourseHealthMonitor> log)
{
    private const int AllProtocols = -1;
    private readonly IHealthProbe[] _probes = probes.ToArray();
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (Task<bool> Check, DateTimeOffset Started)> _recent = [];

    /// <summary>Whether <paramref name="protocol"/> can serve (null: whether every dependency works, for liveness).</summary>
    public Task<bool> IsHealthyAsync(ClientAccessProtocol? protocol, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (settings.Draining || (protocol is { } p && !settings.IsEnabled(p)))
        {
            return Task.FromResult(false);
        }
        var key = protocol is { } known ? (int)known : AllProtocols;
        Task<bool> check;
        lock (_gate)
        {
            if (!_recent.TryGetValue(key, out var recent) ||
                (recent.Check.IsCompleted && time.GetUtcNow() - recent.Started >= settings.CacheDuration))
            {
                recent = (RunAsync(protocol, settings.ProbeTimeout), time.GetUtcNow());
                _recent[key] = recent;
            }
            check = recent.Check;
        }
        // The shared check is not cancelled with one caller's request; the caller stops waiting instead.
        return check.WaitAsync(ct);
    }

    private async Task<bool> RunAsync(ClientAccessProtocol? protocol, TimeSpan timeout)
    {
        var applicable = protocol is { } p ? _probes.Where(probe => probe.AppliesTo(p)).ToArray() : _probes;
        if (applicable.Length == 0)
        {
            return true;
        }
        using var cts = new CancellationTokenSource(timeout, time);
        var checks = applicable.Select(probe => CheckOneAsync(probe, cts.Token)).ToArray();
        try
        {
            // A probe that ignores cancellation still cannot hold the answer past the timeout.
            var results = await Task.WhenAll(checks).WaitAsync(timeout, time);
            return results.All(healthy => healthy);
        }
        catch (TimeoutException)
        {
            for (var i = 0; i < checks.Length; i++)
            {
                if (!checks[i].IsCompleted)
                {
                    HealthLog.ProbeTimedOut(log, applicable[i].Name, timeout);
                }
            }
            return false;
        }
    }

    private async Task<bool> CheckOneAsync(IHealthProbe probe, CancellationToken ct)
    {
        try
        {
            var result = await probe.CheckAsync(ct);
            if (!result.Healthy)
            {
                HealthLog.ProbeFailed(log, probe.Name, result.Reason ?? "unhealthy");
            }
            return result.Healthy;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Timed out: RunAsync logs it.
            return false;
        }
        catch (Exception ex)
        {
            HealthLog.ProbeFailed(log, probe.Name, ex.GetType().Name + ": " + ex.Message);
            return false;
        }
    }
}
