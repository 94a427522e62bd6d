namespace Bourse.ClientAccess.Throttling;

/// <summary>Whether a sign-in may proceed, and if not for how long it is refused.</summary>
internal readonly record struct ThrottleDecision(ThrottleReason Reason, TimeSpan RetryAfter)
{
    public bool Allowed => Reason == ThrottleReason.None;

    public static ThrottleDecision Allow { get; } = new(ThrottleReason.None, TimeSpan.Zero);
}
