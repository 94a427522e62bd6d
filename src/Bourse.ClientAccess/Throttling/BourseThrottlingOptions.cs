using Bourse.ClientAccess.Auth;

namespace Bourse.ClientAccess.Throttling;

/// <summary>Sign-in lockout and per-user concurrency limits, bound from configuration section "Bourse:Throttling".</summary>
public sealed class BourseThrottlingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bourse:Throttling";

    /// <summary>Failed sign-ins for one account within <see cref="AccountFailureWindow"/> that lock it out.</summary>
    public int AccountFailureLimit { get; set; } = 5;

    /// <summary>The sliding window over which account failures are counted.</summary>
    public TimeSpan AccountFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked-out account is refused (without its password being checked).</summary>
    public TimeSpan AccountLockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins from one client address within <see cref="AddressFailureWindow"/> that block it.</summary>
    public int AddressFailureLimit { get; set; } = 30;

    /// <summary>The sliding window over which address failures are counted.</summary>
    public TimeSpan AddressFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a blocked address is refused; a successful sign-in does not end it early.</summary>
    public TimeSpan AddressBlockDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many accounts or addresses are tracked at most (oldest idle entries are dropped beyond it).</summary>
    public int MaxTrackedKeys { get; set; } = 100_000;

    /// <summary>
    /// Concurrent requests per user and protocol, like Exchange's default throttling policy (EasMaxConcurrency 10,
    /// EwsMaxConcurrency 27, OwaMaxConcurrency 20, RcaMaxConcurrency 40). A protocol absent here is not limited.
    /// </summary>
    public Dictionary<ClientAccessProtocol, int> ConcurrencyLimits { get; set; } = new()
    {
        [ClientAccessProtocol.ActiveSync] = 10,
        [ClientAccessProtocol.Ews] = 27,
        [ClientAccessProtocol.Autodiscover] = 27,
        [ClientAccessProtocol.Mapi] = 40,
        [ClientAccessProtocol.Owa] = 20,
    };

    /// <summary>The Retry-After sent when a concurrency limit is hit.</summary>
    public TimeSpan ConcurrencyRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Optional hook a protocol uses to shape the throttled response (status, body); the default writes
    /// the protocol table's status (429, or 503 for ActiveSync) with Retry-After and no body.
    /// </summary>
    public Func<ThrottleRejectedContext, Task>? OnRejected { get; set; }
}
