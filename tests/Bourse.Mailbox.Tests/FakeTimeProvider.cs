namespace Bourse.Mailbox.Tests;

/// <summary>A clock that stands still unless moved; timers still run on real time.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
