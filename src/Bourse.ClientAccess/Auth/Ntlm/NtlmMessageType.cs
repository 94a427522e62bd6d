namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>MS-NLMP 2.2.1 MessageType values.</summary>
internal enum NtlmMessageType : uint
{
    Negotiate = 1,
    Challenge = 2,
    Authenticate = 3,
}
