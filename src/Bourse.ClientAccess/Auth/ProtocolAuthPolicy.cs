namespace Bourse.ClientAccess.Auth;

/// <summary>
/// How one protocol path authenticates: which challenges its 401 offers (in order Negotiate, NTLM, Basic, Bearer),
/// extra headers on that 401, and the status a throttled client of that protocol gets.
/// </summary>
/// <param name="PathPrefix">The path prefix, matched case-insensitively on a segment boundary, as IIS does.</param>
/// <param name="Protocol">The protocol the prefix belongs to.</param>
/// <param name="Schemes">The schemes offered; Bearer only when OAuth is configured, Basic only over TLS.</param>
/// <param name="ThrottledStatusCode">429, or 503 for clients that only understand that (Exchange ActiveSync).</param>
/// <param name="ChallengeHeaders">Extra response headers on the 401.</param>
public sealed record ProtocolAuthPolicy(
    string PathPrefix,
    ClientAccessProtocol Protocol,
    AuthSchemes Schemes,
    int ThrottledStatusCode,
    IReadOnlyList<KeyValuePair<string, string>> ChallengeHeaders);
