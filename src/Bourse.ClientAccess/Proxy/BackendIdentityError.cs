namespace Bourse.ClientAccess.Proxy;

/// <summary>Why a forwarded identity header was not accepted. Stable codes: they appear in logs.</summary>
internal enum BackendIdentityError
{
    None = 0,
    /// <summary>No shared secret is configured, so nothing can be verified.</summary>
    NotConfigured = 1,
    /// <summary>Not the v1 syntax.</summary>
    Malformed = 2,
    /// <summary>The MAC does not match (wrong secret, altered field, or another request's header).</summary>
    BadSignature = 3,
    /// <summary>Signed too long ago, or in the future beyond the tolerated skew.</summary>
    Expired = 4,
    /// <summary>More than one identity header.</summary>
    Duplicate = 5,
    /// <summary>Sent to a front end, or over plain HTTP.</summary>
    NotAccepted = 6,
    /// <summary>The directory does not know the mailbox, or its user is disabled.</summary>
    UnknownUser = 7,
}
