namespace Bourse.ClientAccess.Throttling;

/// <summary>Why a request was throttled.</summary>
public enum ThrottleReason
{
    None = 0,
    AccountLocked = 1,
    AddressBlocked = 2,
    ConcurrencyLimit = 3,
}
