namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>OpenTelemetry export ("Bourse:ProtocolLog:OpenTelemetry"): off unless <see cref="Endpoint"/> is set.</summary>
public sealed class ProtocolLogTelemetryOptions
{
    /// <summary>The OTLP collector, e.g. <c>http://127.0.0.1:4317</c>. Null: no exporter, no network traffic.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>"grpc" (default, port 4317) or "http/protobuf" (port 4318).</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "bourse";

    /// <summary>Whether traces are exported (when an endpoint is set).</summary>
    public bool Traces { get; set; } = true;

    /// <summary>Whether metrics are exported (when an endpoint is set).</summary>
    public bool Metrics { get; set; } = true;
}
