namespace Bourse.ClientAccess.Auth;

/// <summary>Scheme names registered by <see cref="BourseAuthenticationServiceCollectionExtensions.AddBourseAuthentication"/>.</summary>
public static class BourseAuthenticationDefaults
{
    /// <summary>The scheme that handles Basic, NTLM and Negotiate and forwards bearer tokens.</summary>
    public const string Scheme = "Bourse";

    /// <summary>The JwtBearer scheme (registered only when OAuth is configured).</summary>
    public const string BearerScheme = "BourseBearer";
}
