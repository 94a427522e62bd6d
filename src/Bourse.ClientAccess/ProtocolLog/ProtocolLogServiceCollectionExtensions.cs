using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>Registers the protocol log, its background writer and (when configured) OpenTelemetry export.</summary>
public static class ProtocolLogServiceCollectionExtensions
{
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Adds the protocol log bound from "Bourse:ProtocolLog": a structured "Bourse.ProtocolLog" logger event and a line in
    /// <c>{DataDirectory}/logs/protocol-YYYYMMDD.jsonl</c> per request, written in the background; a "Bourse" span per
    /// request and the "Bourse" meter. An OTLP exporter is added only when "Bourse:ProtocolLog:OpenTelemetry:Endpoint" is
    /// set, otherwise nothing is sent anywhere. ASP.NET Core's request-start/finish log lines, which carry the raw query
    /// string, are limited to warnings. Put <see cref="ProtocolLogApplicationBuilderExtensions.UseBourseProtocolLog"/>
    /// first in the pipeline.
    /// </summary>
    public static IServiceCollection AddBourseProtocolLog(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ProtocolLogOptions.SectionName);
        services.AddOptions<ProtocolLogOptions>().Bind(section);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProtocolLogMetrics>();
        services.TryAddSingleton<ProtocolLogQueue>();
        services.AddHostedService<ProtocolLogWriter>();
        // ASP.NET Core's own "Request starting/finished" lines carry the raw query string (access_token=…, password=…);
        // the protocol log replaces them with a redacted line, so only their warnings and errors are kept.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter(HostingDiagnosticsCategory, LogLevel.Warning));

        var telemetry = section.GetSection("OpenTelemetry").Get<ProtocolLogTelemetryOptions>() ?? new ProtocolLogTelemetryOptions();
        if (telemetry.Endpoint is not null && (telemetry.Traces || telemetry.Metrics))
        {
            AddOtlp(services, telemetry);
        }
        return services;
    }

    private static void AddOtlp(IServiceCollection services, ProtocolLogTelemetryOptions telemetry)
    {
        var protocol = telemetry.Protocol.Equals("http/protobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(telemetry.ServiceName, serviceInstanceId: Environment.MachineName));
        if (telemetry.Traces)
        {
            builder.WithTracing(t => t.AddSource(BourseTelemetry.ActivitySourceName).AddOtlpExporter(o =>
            {
                o.Endpoint = Signal(telemetry.Endpoint!, protocol, "v1/traces");
                o.Protocol = protocol;
            }));
        }
        if (telemetry.Metrics)
        {
            builder.WithMetrics(m => m.AddMeter(BourseTelemetry.MeterName).AddOtlpExporter(o =>
            {
                o.Endpoint = Signal(telemetry.Endpoint!, protocol, "v1/metrics");
                o.Protocol = protocol;
            }));
        }
    }

    // OTLP/HTTP (opentelemetry-specification, exporter config): a per-signal endpoint is used as is, so the base URL gets the
    // signal path; OTLP/gRPC takes the collector's base address.
    private static Uri Signal(Uri endpoint, OtlpExportProtocol protocol, string path) =>
        protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath.Trim('/').Length == 0 ? new Uri(endpoint, path) : endpoint;
}
