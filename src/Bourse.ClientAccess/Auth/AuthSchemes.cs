namespace Bourse.ClientAccess.Auth;

/// <summary>The HTTP authentication schemes a protocol offers in its 401 challenge.</summary>
[Flags]
public enum AuthSchemes
{
    None = 0,
    Negotiate = 1,
    Ntlm = 2,
    Basic = 4,
    Bearer = 8,
}
