namespace Bourse.ClientAccess.Auth;

/// <summary>Values of the <see cref="BourseClaimTypes.AuthMethod"/> claim.</summary>
public static class BourseAuthMethods
{
    public const string Basic = "Basic";
    public const string Ntlm = "NTLM";
    public const string Negotiate = "Negotiate";
    public const string Bearer = "Bearer";
}
