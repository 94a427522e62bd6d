using System.CommandLine;
using Bourse.Autodiscover;
using Bourse.Autodiscover.Setup;
using Bourse.Server.Configuration;

namespace Bourse.Server.Cli;

/// <summary><c>bourse dns [--domain D] [--address IP]</c>: the DNS records and certificate names an operator must publish.</summary>
internal static class DnsCommand
{
    public static Command Create()
    {
        var domain = new Option<string?>("--domain")
        {
            Description = "Only this domain (default: every accepted domain in the directory, else Bourse:Domain).",
            HelpName = "DOMAIN",
        };
        var address = new Option<string?>("--address")
        {
            Description = "The server's public IPv4 address for the A record (default: a placeholder to fill in).",
            HelpName = "IP",
        };
        var command = new Command("dns", "Print the DNS records (A, CNAME, SRV, MX, SPF) and certificate names clients need to find this server.") { domain, address };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var only = parse.GetValue(domain)?.Trim().TrimEnd('.').ToLowerInvariant();
            if (only is not null && !Bourse.Directory.DirectoryNames.IsValidDomain(only))
                return CliFailure.Usage($"'{only}' is not a valid domain name.");
            var ip = parse.GetValue(address);
            if (ip is not null && !(System.Net.IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
                return CliFailure.Usage($"'{ip}' is not an IPv4 address.");

            var accepted = await data.Directory.GetAcceptedDomainsAsync(ct);
            var primary = !string.IsNullOrWhiteSpace(data.Options.Domain) ? data.Options.Domain.Trim().TrimEnd('.').ToLowerInvariant()
                : accepted.Count > 0 ? accepted[0] : BourseOptions.DefaultDomain;
            IReadOnlyList<string> domains = only is not null ? [only] : accepted.Count > 0 ? accepted : [primary];
            // The same host serve advertises: Bourse:Autodiscover:ExternalHostName, else mail.DOMAIN.
            var configuration = BourseConfiguration.Build(data.DataDirectory);
            var autodiscover = configuration.GetSection(AutodiscoverOptions.SectionName).Get<AutodiscoverOptions>() ?? new AutodiscoverOptions();
            var host = string.IsNullOrWhiteSpace(autodiscover.ExternalHostName) ? $"mail.{primary}" : autodiscover.ExternalHostName;
            var records = new DnsRecords(host, domains, ip, autodiscover.InternalHostName);
            System.Console.Out.Write(records.Format());
            return null;
        }));
        return command;
    }
}
