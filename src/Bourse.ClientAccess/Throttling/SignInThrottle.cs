using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Throttling;

/// <summary>
/// Failed sign-ins rate-limited per account and per client address. A blocked sign-in is refused before its
/// credentials are checked, so the answer never reveals whether the password was right.
/// </summary>
internal sealed class SignInThrottle
{
    private readonly SlidingWindowLockout _accounts;
    private readonly SlidingWindowLockout _addresses;

    public SignInThrottle(IOptionsMonitor<BourseThrottlingOptions> options, TimeProvider time)
    {
        var max = Math.Max(16, options.CurrentValue.MaxTrackedKeys);
        _accounts = new SlidingWindowLockout(
            () => (options.CurrentValue.AccountFailureLimit, options.CurrentValue.AccountFailureWindow, options.CurrentValue.AccountLockoutDuration), max, time);
        _addresses = new SlidingWindowLockout(
            () => (options.CurrentValue.AddressFailureLimit, options.CurrentValue.AddressFailureWindow, options.CurrentValue.AddressBlockDuration), max, time);
    }

    public ThrottleDecision CheckAddress(string? address)
    {
        var blocked = address is null ? TimeSpan.Zero : _addresses.BlockedFor(address);
        return blocked > TimeSpan.Zero ? new ThrottleDecision(ThrottleReason.AddressBlocked, blocked) : ThrottleDecision.Allow;
    }

    public ThrottleDecision Check(string? accountKey, string? address)
    {
        var byAddress = CheckAddress(address);
        if (!byAddress.Allowed)
        {
            return byAddress;
        }
        var blocked = accountKey is null ? TimeSpan.Zero : _accounts.BlockedFor(accountKey);
        return blocked > TimeSpan.Zero ? new ThrottleDecision(ThrottleReason.AccountLocked, blocked) : ThrottleDecision.Allow;
    }

    public void RecordFailure(string? accountKey, string? address)
    {
        if (accountKey is not null)
        {
            _accounts.RecordFailure(accountKey);
        }
        if (address is not null)
        {
            _addresses.RecordFailure(address);
        }
    }

    /// <summary>A successful sign-in clears the account's failure count; per-address counts and blocks stay.</summary>
    public void RecordSuccess(string? accountKey)
    {
        if (accountKey is not null)
        {
            _accounts.ResetFailures(accountKey);
        }
    }
}
