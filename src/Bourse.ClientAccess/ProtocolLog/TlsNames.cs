using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// The names of the negotiated TLS version and cipher suite as the log writes them (their enum names), formatted once
/// per value: Enum.ToString boxes and, for the [Flags] SslProtocols, formats flag names on every call.
/// </summary>
internal static class TlsNames
{
    private static readonly ConcurrentDictionary<SslProtocols, string> Protocols = new();
    private static readonly ConcurrentDictionary<TlsCipherSuite, string> CipherSuites = new();

    public static string Protocol(SslProtocols protocol) => Protocols.GetOrAdd(protocol, static p => p.ToString());

    public static string CipherSuite(TlsCipherSuite suite) => CipherSuites.GetOrAdd(suite, static s => s.ToString());
}
