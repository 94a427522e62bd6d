using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>Request metrics on the "Bourse" meter: count and duration by protocol and status, and dropped log lines.</summary>
internal sealed class ProtocolLogMetrics
{
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _dropped;

    public ProtocolLogMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(BourseTelemetry.MeterName);
        _requests = meter.CreateCounter<long>("bourse.requests", "{request}", "Requests served, by protocol and status.");
        // OpenTelemetry semantic conventions (http.server.request.duration): seconds.
        _duration = meter.CreateHistogram<double>("bourse.request.duration", "s", "Request duration, by protocol and status.");
        _dropped = meter.CreateCounter<long>("bourse.protocol_log.dropped", "{line}", "Protocol log lines dropped because the writer fell behind.");
    }

    public void Record(string protocol, int status, TimeSpan duration)
    {
        var tags = new TagList { { "bourse.protocol", protocol }, { "http.response.status_code", status } };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void Dropped() => _dropped.Add(1);
}
