using System.Net;
using Bourse.Autodiscover.Connectivity;

namespace Bourse.Autodiscover.Tests.Connectivity;

/// Resolves the given names to 127.0.0.1 and nothing else; SRV answers come from a table.
internal sealed class LoopbackResolver(IEnumerable<string> names, IReadOnlyDictionary<string, ConnectivitySrvRecord>? srv = null) : IConnectivityResolver
{
    private readonly HashSet<string> _names = new(names, StringComparer.OrdinalIgnoreCase);

    public List<string> Queried { get; } = [];

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct)
    {
        Queried.Add(host);
        return Task.FromResult<IReadOnlyList<IPAddress>>(_names.Contains(host) ? [IPAddress.Loopback] : []);
    }

    public Task<IReadOnlyList<ConnectivitySrvRecord>> ResolveSrvAsync(string name, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ConnectivitySrvRecord>>(srv is not null && srv.TryGetValue(name, out var r) ? [r] : []);
}
