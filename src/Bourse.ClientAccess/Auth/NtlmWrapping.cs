namespace Bourse.ClientAccess.Auth;

/// <summary>How an NTLM token travelled: the NTLM scheme, raw under Negotiate (curl, requests), or inside SPNEGO.</summary>
internal enum NtlmWrapping
{
    Ntlm = 0,
    NegotiateRaw = 1,
    Spnego = 2,
}
