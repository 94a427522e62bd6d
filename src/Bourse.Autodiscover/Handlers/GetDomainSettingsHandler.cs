using Bourse.Autodiscover.Protocol;
using Bourse.Directory;
using Microsoft.Extensions.Options;

namespace Bourse.Autodiscover.Handlers;

// MS-OXWSADISC 3.1.4.1 GetDomainSettings: organisation-wide settings for the accepted domains.
internal sealed class GetDomainSettingsHandler(IDirectory directory, IOptions<AutodiscoverOptions> options)
{
    public async ValueTask<GetDomainSettingsResponse> HandleAsync(GetDomainSettingsRequest request, CancellationToken ct)
    {
        if (request.Domains.Count == 0 || request.RequestedSettings.Count == 0)
            return new GetDomainSettingsResponse(AutodiscoverErrorCode.InvalidRequest, "The request must name at least one domain and one setting.", []);

        var ews = $"https://{options.Value.ExternalHostName}/EWS/Exchange.asmx";
        var domains = new List<DomainResponse>(request.Domains.Count);
        foreach (var domain in request.Domains)
        {
            if (domain.Length == 0 || !await directory.IsAcceptedDomainAsync(domain, ct))
            {
                // MS-OXWSADISC 2.2.5 ErrorCode InvalidDomain: not a domain of this organisation.
                domains.Add(new DomainResponse(AutodiscoverErrorCode.InvalidDomain, "Invalid domain.", [], []));
                continue;
            }

            var values = new List<SettingValue>();
            var errors = new List<SettingError>();
            foreach (var name in request.RequestedSettings.Distinct(StringComparer.Ordinal))
            {
                // MS-OXWSADISC 3.1.4.1: the DomainSettingName values are ExternalEwsUrl and ExternalEwsVersion.
                switch (name)
                {
                    case "ExternalEwsUrl":
                        values.Add(new SettingValue(name, ews));
                        break;
                    case "ExternalEwsVersion":
                        values.Add(new SettingValue(name, ExchangeVersion.Text));
                        break;
                    default:
                        errors.Add(new SettingError(name, AutodiscoverErrorCode.InvalidSetting, "The requested setting is not valid."));
                        break;
                }
            }

            domains.Add(new DomainResponse(AutodiscoverErrorCode.NoError, "No error.", errors, values));
        }

        return new GetDomainSettingsResponse(AutodiscoverErrorCode.NoError, string.Empty, domains);
    }
}
