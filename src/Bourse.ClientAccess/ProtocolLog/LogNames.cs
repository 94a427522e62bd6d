using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using Bourse.ClientAccess.Auth;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// Enum values as the log writes them (their names), formatted once per value: Enum.ToString boxes, looks the type's
/// names up again and, for the [Flags] SslProtocols, formats flag names on every call.
/// </summary>
internal static class LogNames
{
    private static readonly ConcurrentDictionary<SslProtocols, string> TlsProtocols = new();
    private static readonly ConcurrentDictionary<TlsCipherSuite, string> CipherSuites = new();
    private static readonly ConcurrentDictionary<ClientAccessProtocol, string> Protocols = new();

    public static string TlsProtocol(SslProtocols protocol) => TlsProtocols.GetOrAdd(protocol, static p => p.ToString());

    public static string CipherSuite(TlsCipherSuite suite) => CipherSuites.GetOrAdd(suite, static s => s.ToString());

    public static string Protocol(ClientAccessProtocol protocol) => Protocols.GetOrAdd(protocol, static p => p.ToString());
}
