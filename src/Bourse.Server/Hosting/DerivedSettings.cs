using System.Globalization;
using Bourse.Directory;

namespace Bourse.Server.Hosting;

/// <summary>
/// Settings the Client Access and Autodiscover libraries need that follow from what <c>serve</c> already knows (data
/// directory, domain, whether plain HTTP listens). Each is added only when the operator has not configured it.
/// </summary>
internal static class DerivedSettings
{
    public static Dictionary<string, string?> For(IConfiguration configuration, string dataDirectory, string domain, bool plainHttp)
    {
        var externalHost = configuration["Bourse:Autodiscover:ExternalHostName"] is { Length: > 0 } configured ? configured : $"mail.{domain}";
        var wanted = new Dictionary<string, string?>
        {
            ["Bourse:Owa:DataDirectory"] = dataDirectory,
            ["Bourse:ProtocolLog:DataDirectory"] = dataDirectory,
            ["Bourse:Health:ServerName"] = Environment.MachineName,
            ["Bourse:Autodiscover:ExternalHostName"] = externalHost,
            // No /OAB is served yet: Outlook is not sent to an offline address book URL that would fail.
            ["Bourse:Autodiscover:AdvertiseOfflineAddressBook"] = "false",
            // MS-OXDSCLI 3.1.5.2: the HTTP redirect method only makes sense where plain HTTP listens.
            ["Bourse:Autodiscover:HttpRedirect"] = plainHttp ? "true" : "false",
            // MS-NLMP 2.2.1.2: the CHALLENGE names the domain users type before the backslash (CONTOSO\alice).
            ["Bourse:Authentication:Ntlm:NetBiosDomainName"] = DirectoryNames.NetBiosDomainName(domain),
            ["Bourse:Authentication:Ntlm:DnsDomainName"] = domain,
            ["Bourse:Authentication:Ntlm:DnsComputerName"] = externalHost,
            ["Bourse:Authentication:Ntlm:NetBiosComputerName"] = NetBiosComputerName(externalHost),
        };
        var missing = new Dictionary<string, string?>();
        foreach (var (key, value) in wanted)
        {
            if (string.IsNullOrWhiteSpace(configuration[key]))
                missing[key] = value;
        }
        return missing;
    }

    // NetBIOS names are at most 15 characters, upper case.
    private static string NetBiosComputerName(string host)
    {
        var label = host.Split('.')[0];
        return (label.Length > 15 ? label[..15] : label).ToUpper(CultureInfo.InvariantCulture);
    }
}
