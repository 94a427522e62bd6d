using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace Bourse.Autodiscover.Connectivity;

/// <summary>
/// The machine's resolver: the operating system for addresses, DnsClient against the configured servers for SRV. Given
/// a name server, every lookup (A, AAAA and SRV) asks that server instead, so records can be checked on their
/// authoritative server before they are published, or on a test server.
/// </summary>
public sealed class SystemConnectivityResolver : IConnectivityResolver
{
    private readonly LookupClient _dns;
    private readonly bool _addressesFromDns;

    /// <summary>Uses the operating system's resolver and name servers.</summary>
    public SystemConnectivityResolver()
    {
        _dns = new LookupClient(new LookupClientOptions { Timeout = TimeSpan.FromSeconds(5), Retries = 1, UseCache = false });
    }

    /// <summary>Asks <paramref name="nameServer"/> for every record.</summary>
    public SystemConnectivityResolver(IPEndPoint nameServer)
    {
        _dns = new LookupClient(new LookupClientOptions(nameServer) { Timeout = TimeSpan.FromSeconds(5), Retries = 1, UseCache = false });
        _addressesFromDns = true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct)
    {
        if (_addressesFromDns)
            return await ResolveFromDnsAsync(host, ct);
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

    private async Task<IReadOnlyList<IPAddress>> ResolveFromDnsAsync(string host, CancellationToken ct)
    {
        var addresses = new List<IPAddress>();
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            try
            {
                var result = await _dns.QueryAsync(host, type, cancellationToken: ct);
                addresses.AddRange(result.Answers.AddressRecords().Select(r => r.Address));
            }
            catch (DnsResponseException)
            {
            }
        }
        return addresses;
    }
}
