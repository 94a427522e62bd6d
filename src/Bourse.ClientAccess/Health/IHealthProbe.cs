using Bourse.ClientAccess.Auth;

namespace Bourse.ClientAccess.Health;

/// <summary>
/// One dependency a protocol needs to serve (the store, the directory …), checked by the health endpoints. Register
/// implementations in DI as <see cref="IHealthProbe"/>; each check runs under the configured timeout, and a probe that
/// throws or does not answer in time counts as unhealthy.
/// </summary>
public interface IHealthProbe
{
    /// <summary>A short name for the server log ("store", "directory").</summary>
    string Name { get; }

    /// <summary>Whether this dependency gates <paramref name="protocol"/>'s health check; all protocols by default.</summary>
    bool AppliesTo(ClientAccessProtocol protocol) => true;

    /// <summary>Checks the dependency. The reason of a failure goes to the server log only, never to the client.</summary>
    ValueTask<HealthProbeResult> CheckAsync(CancellationToken ct);
}
