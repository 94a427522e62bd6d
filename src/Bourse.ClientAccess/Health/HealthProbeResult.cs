namespace Bourse.ClientAccess.Health;

/// <summary>The outcome of one <see cref="IHealthProbe"/> check.</summary>
/// <param name="Healthy">Whether the dependency works.</param>
/// <param name="Reason">Why not, for the server log.</param>
public readonly record struct HealthProbeResult(bool Healthy, string? Reason)
{
    /// <summary>The dependency works.</summary>
    public static HealthProbeResult Ok { get; } = new(true, null);

    /// <summary>The dependency does not work, for the given reason (logged, never sent to the client).</summary>
    public static HealthProbeResult Failed(string reason) => new(false, reason);
}
