using System.Diagnostics;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>The names under which Bourse emits OpenTelemetry traces and metrics.</summary>
public static class BourseTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name of the per-request span (and of later per-stage spans).</summary>
    public const string ActivitySourceName = "Bourse";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name of Bourse's request metrics.</summary>
    public const string MeterName = "Bourse";

    /// <summary>The logger category of the protocol log lines.</summary>
    public const string ProtocolLogCategory = "Bourse.ProtocolLog";

    internal static ActivitySource Source { get; } = new(ActivitySourceName);
}
