using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Health;

namespace Bourse.ClientAccess.Tests.Health;

/// <summary>A probe the test switches between healthy, failing, throwing and hanging.</summary>
internal sealed class TestProbe(string name, ClientAccessProtocol? only = null) : IHealthProbe
{
    public volatile string Mode = "ok";
    public int Calls;

    public string Name => name;

    public bool AppliesTo(ClientAccessProtocol protocol) => only is null || only == protocol;

    public async ValueTask<HealthProbeResult> CheckAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref Calls);
        switch (Mode)
        {
            case "fail":
                return HealthProbeResult.Failed("database file is locked at /secret/path");
            case "throw":
                throw new InvalidOperationException("connection string Password=hunter2 refused");
            case "hang":
                // Ignores cancellation on purpose: the timeout must still answer.
                await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
                return HealthProbeResult.Ok;
            default:
                return HealthProbeResult.Ok;
        }
    }
}
