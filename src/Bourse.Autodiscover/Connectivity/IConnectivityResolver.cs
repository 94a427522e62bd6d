using System.Net;

namespace Bourse.Autodiscover.Connectivity;

/// <summary>Name resolution for <see cref="ConnectivityTest"/>; tests plug in one that answers 127.0.0.1.</summary>
public interface IConnectivityResolver
{
    /// <summary>The addresses of a host name (A/AAAA); empty when it does not resolve.</summary>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct);

    /// <summary>The SRV records of a name such as <c>_autodiscover._tcp.contoso.com</c>; empty when there are none.</summary>
    Task<IReadOnlyList<ConnectivitySrvRecord>> ResolveSrvAsync(string name, CancellationToken ct);
}
