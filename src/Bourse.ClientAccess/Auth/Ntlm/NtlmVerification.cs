namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>The outcome of checking an AUTHENTICATE_MESSAGE: an error, or success with the exported session key.</summary>
internal readonly record struct NtlmVerification(NtlmAuthError Error, byte[]? ExportedSessionKey)
{
    public bool Succeeded => Error == NtlmAuthError.None;

    public static NtlmVerification Fail(NtlmAuthError error) => new(error, null);
}
