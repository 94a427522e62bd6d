namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>Why an NTLM AUTHENTICATE was refused (internal diagnostics; clients only ever see 401). Append only.</summary>
internal enum NtlmAuthError
{
    None = 0,
    Malformed = 1,
    NtlmV1Refused = 2,
    Anonymous = 3,
    UnknownUser = 4,
    WrongResponse = 5,
    MicMissing = 6,
    MicMismatch = 7,
    ChannelBindingMissing = 8,
    ChannelBindingMismatch = 9,
    NoHandshake = 10,
    HandshakeExpired = 11,
}
