namespace Bourse.ClientAccess.Tests.Proxy;

/// <summary>
/// Runs only when the caller started real <c>bourse</c> processes and named them in BOURSE_ROUTING_FRONTEND (the
/// Server tests do, in a child test run); otherwise the test is reported as skipped, never as passed.
/// </summary>
public sealed class ExternalProcessesFactAttribute : FactAttribute
{
    public ExternalProcessesFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("BOURSE_ROUTING_FRONTEND") is null)
            Skip = "no external bourse processes (BOURSE_ROUTING_FRONTEND unset); tests/Bourse.Server.Tests runs this against real processes";
    }
}
