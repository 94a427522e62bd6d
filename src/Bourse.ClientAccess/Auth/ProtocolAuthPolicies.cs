using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Auth;

/// <summary>The per-protocol authentication table, as Exchange configures its virtual directories.</summary>
public static class ProtocolAuthPolicies
{
    private const AuthSchemes Windows = AuthSchemes.Negotiate | AuthSchemes.Ntlm | AuthSchemes.Basic | AuthSchemes.Bearer;

    // The table as an array: ForPath runs several times per request and walks it without an enumerator.
    private static readonly ProtocolAuthPolicy[] Table =
    [
        // EAS clients (phones) only do Basic (or OAuth); MS-ASHTTP 3.2.5.1: throttled EAS requests get 503 + Retry-After.
        new("/Microsoft-Server-ActiveSync", ClientAccessProtocol.ActiveSync, AuthSchemes.Basic | AuthSchemes.Bearer, 503, []),
        // Outlook and EWS clients negotiate Windows authentication; MS-OXDSCLI: a 401 from Autodiscover carries
        // X-SOAP-Enabled so EWS clients know the SOAP endpoint exists.
        new("/autodiscover", ClientAccessProtocol.Autodiscover, Windows, 429, [new("X-SOAP-Enabled", "True")]),
        new("/EWS", ClientAccessProtocol.Ews, Windows, 429, []),
        new("/mapi", ClientAccessProtocol.Mapi, Windows, 429, []),
        // OWA and ECP sign in with a form (not a 401 challenge); bearer tokens are still accepted for the API.
        new("/owa", ClientAccessProtocol.Owa, AuthSchemes.Bearer, 429, []),
        new("/ecp", ClientAccessProtocol.Ecp, AuthSchemes.None, 429, []),
    ];

    /// <summary>The table, longest prefixes first. Routing and the protocol log read it too.</summary>
    public static IReadOnlyList<ProtocolAuthPolicy> All { get; } = Array.AsReadOnly(Table);

    /// <summary>What any other path gets: the Windows schemes, 429 when throttled.</summary>
    public static ProtocolAuthPolicy Default { get; } = new("/", ClientAccessProtocol.Unknown, Windows, 429, []);

    /// <summary>The policy for a request path (already canonicalized by Routing).</summary>
    public static ProtocolAuthPolicy ForPath(PathString path)
    {
        var value = path.Value ?? string.Empty;
        foreach (var policy in Table)
        {
            if (value.StartsWith(policy.PathPrefix, StringComparison.OrdinalIgnoreCase) &&
                (value.Length == policy.PathPrefix.Length || value[policy.PathPrefix.Length] == '/'))
            {
                return policy;
            }
        }
        return Default;
    }
}
