using Bourse.ClientAccess.Throttling;
using Bourse.ClientAccess.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Tests.Throttling;

public sealed class SignInThrottleTests
{
    private readonly ManualTimeProvider _time = new();

    private SignInThrottle Create(Action<BourseThrottlingOptions>? configure = null)
    {
        var options = new BourseThrottlingOptions
        {
            AccountFailureLimit = 3,
            AccountFailureWindow = TimeSpan.FromMinutes(10),
            AccountLockoutDuration = TimeSpan.FromMinutes(5),
            AddressFailureLimit = 5,
            AddressFailureWindow = TimeSpan.FromMinutes(10),
            AddressBlockDuration = TimeSpan.FromMinutes(30),
        };
        configure?.Invoke(options);
        return new SignInThrottle(new StaticOptionsMonitor<BourseThrottlingOptions>(options), _time);
    }

    [Fact]
    public void LocksAccountAtLimitAndReportsRemainingTime()
    {
        var throttle = Create();
        throttle.RecordFailure("a", "1.1.1.1");
        throttle.RecordFailure("a", "1.1.1.2");
        Assert.True(throttle.Check("a", "1.1.1.3").Allowed);
        throttle.RecordFailure("a", "1.1.1.4");
        var decision = throttle.Check("a", "9.9.9.9");
        Assert.Equal(ThrottleReason.AccountLocked, decision.Reason);
        Assert.Equal(TimeSpan.FromMinutes(5), decision.RetryAfter);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromMinutes(3), throttle.Check("a", null).RetryAfter);
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(throttle.Check("a", null).Allowed);
    }

    [Fact]
    public void WindowSlides()
    {
        var throttle = Create();
        throttle.RecordFailure("a", null);
        _time.Advance(TimeSpan.FromMinutes(6));
        throttle.RecordFailure("a", null);
        _time.Advance(TimeSpan.FromMinutes(6));
        // The first failure has left the 10-minute window.
        throttle.RecordFailure("a", null);
        Assert.True(throttle.Check("a", null).Allowed);
        throttle.RecordFailure("a", null);
        Assert.False(throttle.Check("a", null).Allowed);
    }

    [Fact]
    public void SuccessResetsTheAccountCountButNotTheAddress()
    {
        var throttle = Create();
        for (var i = 0; i < 2; i++)
        {
            throttle.RecordFailure("a", "10.0.0.1");
        }
        throttle.RecordSuccess("a");
        for (var i = 0; i < 2; i++)
        {
            throttle.RecordFailure("a", "10.0.0.1");
        }
        Assert.True(throttle.Check("a", null).Allowed);
        throttle.RecordFailure("b", "10.0.0.1");
        var decision = throttle.Check("c", "10.0.0.1");
        Assert.Equal(ThrottleReason.AddressBlocked, decision.Reason);
        throttle.RecordSuccess("c");
        Assert.Equal(ThrottleReason.AddressBlocked, throttle.Check("c", "10.0.0.1").Reason);
    }

    [Fact]
    public void TrackedKeysStayBounded()
    {
        var throttle = new SlidingWindowLockout(() => (3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), 100, _time);
        for (var i = 0; i < 10_000; i++)
        {
            throttle.RecordFailure("k" + i);
        }
        Assert.True(throttle.TrackedKeys <= 100);
    }

    [Fact]
    public void ZeroLimitDisablesLockout()
    {
        var throttle = Create(o => o.AccountFailureLimit = 0);
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("a", null);
        }
        Assert.True(throttle.Check("a", null).Allowed);
    }
}
