namespace Bourse.ClientAccess.Auth;

/// <summary>The client protocols Client Access knows, by path prefix.</summary>
public enum ClientAccessProtocol
{
    Unknown = 0,
    Owa = 1,
    Ecp = 2,
    Autodiscover = 3,
    Ews = 4,
    ActiveSync = 5,
    Mapi = 6,
}
