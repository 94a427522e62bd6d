namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>How NTLM channel binding (Extended Protection for Authentication) is enforced.</summary>
public enum ExtendedProtectionMode
{
    /// <summary>Channel bindings are ignored (e.g. TLS is terminated by a load balancer).</summary>
    Off = 0,

    /// <summary>A client that sends a channel binding must send ours; clients that send none are accepted.</summary>
    WhenSupported = 1,

    /// <summary>Every NTLM client must send the binding of our TLS channel.</summary>
    Required = 2,
}
