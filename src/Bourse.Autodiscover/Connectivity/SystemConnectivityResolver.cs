using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace Bourse.Autodiscover.Connectivity;

/// <summary>The machine's resolver: the operating system for addresses, DnsClient against the configured servers for SRV.</summary>
public sealed class SystemConnectivityResolver : IConnectivityResolver
{
    private readonly LookupClient _dns = new(new LookupClientOptions { Timeout = TimeSpan.FromSeconds(5), Retries = 1, UseCache = false });

    /// <inheritdoc />
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct)
    {
        try
        {
            return await System.Net.Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConnectivitySrvRecord>> ResolveSrvAsync(string name, CancellationToken ct)
    {
        try
        {
            var result = await _dns.QueryAsync(name, QueryType.SRV, cancellationToken: ct);
            return result.Answers.OfType<SrvRecord>()
                .Select(r => new ConnectivitySrvRecord(r.Priority, r.Weight, r.Port, r.Target.Value.TrimEnd('.')))
                .ToList();
        }
        catch (DnsResponseException)
        {
            return [];
        }
    }
}
