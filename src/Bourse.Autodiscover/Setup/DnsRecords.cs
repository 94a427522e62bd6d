using System.Text;
using Bourse.Directory;

namespace Bourse.Autodiscover.Setup;

/// <summary>
/// What <c>bourse dns [--domain D]</c> prints: the records clients need to find this server for each accepted domain
/// (mail host A, autodiscover CNAME, <c>_autodiscover._tcp</c> SRV, MX, SPF) and the names the TLS certificate must cover.
/// </summary>
public sealed class DnsRecords
{
    /// <summary>Shown in place of the address when the server's public address is not known.</summary>
    public const string AddressPlaceholder = "<public IPv4 address of this server>";

    /// <summary>Builds the records for the given domains, all served by <paramref name="externalHostName"/>.</summary>
    public DnsRecords(string externalHostName, IReadOnlyList<string> domains, string? publicAddress = null, string? internalHostName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalHostName);
        var host = externalHostName.TrimEnd('.').ToLowerInvariant();
        var records = new List<DnsRecord>
        {
            new($"{host}.", "A", publicAddress ?? AddressPlaceholder, "The host every client connects to (HTTPS 443, SMTP 25/587)."),
        };
        var names = new List<string> { host };
        foreach (var raw in domains)
        {
            var d = raw.TrimEnd('.').ToLowerInvariant();
            // MS-OXDSCLI 3.1.5: Outlook tries https://D/autodiscover/..., then https://autodiscover.D/..., then the SRV record.
            records.Add(new($"autodiscover.{d}.", "CNAME", $"{host}.", "Autodiscover: Outlook, phones and EWS clients try autodiscover.DOMAIN."));
            // RFC 2782 / MS-OXDSCLI 3.1.5.1: _autodiscover._tcp SRV priority 0, weight 0, port 443 pointing at the mail host.
            records.Add(new($"_autodiscover._tcp.{d}.", "SRV", $"0 0 443 {host}.", "Autodiscover fallback when autodiscover.DOMAIN is not reachable."));
            records.Add(new($"{d}.", "MX", $"10 {host}.", "Inbound mail for the domain."));
            records.Add(new($"{d}.", "TXT", "\"v=spf1 mx -all\"", "SPF: only the MX host sends mail for the domain."));
            names.Add($"autodiscover.{d}");
        }

        if (!string.IsNullOrWhiteSpace(internalHostName))
            names.Add(internalHostName.TrimEnd('.').ToLowerInvariant());
        Records = records;
        CertificateNames = names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The records, the mail host's A record first.</summary>
    public IReadOnlyList<DnsRecord> Records { get; }

    /// <summary>DNS names the server certificate must carry as subject alternative names.</summary>
    public IReadOnlyList<string> CertificateNames { get; }

    /// <summary>The records for one domain (or every accepted domain when <paramref name="domain"/> is null).</summary>
    public static async Task<DnsRecords> ForAsync(IDirectory directory, AutodiscoverOptions options, string? domain = null, string? publicAddress = null, CancellationToken ct = default)
    {
        var domains = domain is not null ? [domain] : await directory.GetAcceptedDomainsAsync(ct);
        return new DnsRecords(options.ExternalHostName, domains, publicAddress, options.InternalHostName);
    }

    /// <summary>Zone-file style text followed by the certificate names, as the CLI prints it.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.AppendLine("; DNS records to publish");
        var nameWidth = Records.Max(r => r.Name.Length);
        foreach (var r in Records)
            sb.Append(r.Name.PadRight(nameWidth)).Append("  3600  IN  ").Append(r.Type.PadRight(5)).Append(' ').Append(r.Value).Append("    ; ").AppendLine(r.Purpose);
        sb.AppendLine();
        sb.AppendLine("; The TLS certificate must cover these names (subject alternative names):");
        foreach (var n in CertificateNames)
            sb.Append(";   ").AppendLine(n);
        return sb.ToString();
    }
}
