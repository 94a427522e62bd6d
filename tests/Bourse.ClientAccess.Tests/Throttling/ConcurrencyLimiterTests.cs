using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Throttling;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.Throttling;

public sealed class ConcurrencyLimiterTests
{
    [Fact]
    public void DefaultsFollowExchangeThrottlingPolicy()
    {
        var options = new BourseThrottlingOptions();
        Assert.Equal(10, options.ConcurrencyLimits[ClientAccessProtocol.ActiveSync]);
        Assert.Equal(27, options.ConcurrencyLimits[ClientAccessProtocol.Ews]);
    }

    [Fact]
    public void CountsPerUserAndProtocolAndReleasesOnce()
    {
        var limiter = new ConcurrencyLimiter(new StaticOptionsMonitor<BourseThrottlingOptions>(new BourseThrottlingOptions
        {
            ConcurrencyLimits = new() { [ClientAccessProtocol.ActiveSync] = 2 },
        }));
        var a = limiter.TryAcquire("u", ClientAccessProtocol.ActiveSync);
        var b = limiter.TryAcquire("u", ClientAccessProtocol.ActiveSync);
        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Null(limiter.TryAcquire("u", ClientAccessProtocol.ActiveSync));
        Assert.NotNull(limiter.TryAcquire("other", ClientAccessProtocol.ActiveSync));
        Assert.NotNull(limiter.TryAcquire("u", ClientAccessProtocol.Ews));
        a!.Dispose();
        a.Dispose();
        Assert.Equal(1, limiter.InFlight("u", ClientAccessProtocol.ActiveSync));
        Assert.NotNull(limiter.TryAcquire("u", ClientAccessProtocol.ActiveSync));
    }
}
