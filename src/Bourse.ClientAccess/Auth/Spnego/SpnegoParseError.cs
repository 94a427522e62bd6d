namespace Bourse.ClientAccess.Auth.Spnego;

/// <summary>Why a SPNEGO token was rejected. Stable codes: append only.</summary>
internal enum SpnegoParseError
{
    None = 0,
    Malformed = 1,
    NotSpnego = 2,
    UnexpectedTag = 3,
    TrailingData = 4,
}
