using System.Net;
using System.Net.Sockets;
using Bourse.Autodiscover.Connectivity;

namespace Bourse.Server.Cli;

/// <summary>
/// <c>test-connectivity --server HOST</c>: every name resolves to HOST's addresses, so the advertised URLs
/// (https://mail.DOMAIN/…) are tested on that server even before the domain's DNS records exist. No SRV records.
/// </summary>
internal sealed class PinnedServerResolver(string server) : IConnectivityResolver
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(server.Trim('[', ']'), out var literal))
            return [literal];
        try
        {
            return await Dns.GetHostAddressesAsync(server, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    public Task<IReadOnlyList<ConnectivitySrvRecord>> ResolveSrvAsync(string name, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ConnectivitySrvRecord>>([]);
}
