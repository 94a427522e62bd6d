using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Tests.Infrastructure;
using Bourse.Core.Ids;

namespace Bourse.ClientAccess.Tests.Auth;

public sealed class BasicCredentialCacheTests
{
    private static readonly MailboxId Alice = new(Guid.NewGuid());

    private static (BasicCredentialCache Cache, ManualTimeProvider Time) Create(TimeSpan duration)
    {
        var options = new BourseAuthenticationOptions { Basic = { CredentialCacheDuration = duration } };
        var time = new ManualTimeProvider();
        return (new BasicCredentialCache(new StaticOptionsMonitor<BourseAuthenticationOptions>(options), time), time);
    }

    [Fact]
    public void ConfirmsOnlyTheSameLoginPasswordAndMailboxWithinTheDuration()
    {
        var (cache, time) = Create(TimeSpan.FromMinutes(2));
        Assert.False(cache.Confirms("alice@bourse.test", "pw", Alice));
        cache.Remember("alice@bourse.test", "pw", Alice);
        Assert.True(cache.Confirms("ALICE@bourse.test", "pw", Alice));
        Assert.False(cache.Confirms("alice@bourse.test", "PW", Alice));
        Assert.False(cache.Confirms("alice@bourse.test", "pw", new MailboxId(Guid.NewGuid())));
        cache.Remember("alice@bourse.test", "pw", Alice);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(cache.Confirms("alice@bourse.test", "pw", Alice));
    }

    [Fact]
    public void ZeroDurationTurnsTheCacheOff()
    {
        var (cache, _) = Create(TimeSpan.Zero);
        cache.Remember("alice@bourse.test", "pw", Alice);
        Assert.False(cache.Confirms("alice@bourse.test", "pw", Alice));
    }
}
