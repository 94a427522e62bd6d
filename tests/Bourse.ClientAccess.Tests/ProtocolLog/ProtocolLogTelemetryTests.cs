using Bourse.ClientAccess.ProtocolLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Bourse.ClientAccess.Tests.ProtocolLog;

public sealed class ProtocolLogTelemetryTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBourseProtocolLog(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public void NoExporterIsRegisteredUnlessAnEndpointIsConfigured()
    {
        using var none = Build([]);
        Assert.Null(none.GetService<TracerProvider>());

        // Registered, never started here (no host runs): nothing is sent in this test.
        using var otlp = Build(new() { ["Bourse:ProtocolLog:OpenTelemetry:Endpoint"] = "http://127.0.0.1:4317" });
        Assert.NotNull(otlp.GetService<TracerProvider>());
    }
}
