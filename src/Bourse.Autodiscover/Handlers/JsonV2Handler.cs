using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Protocol;
using Bourse.Directory;
using Microsoft.Extensions.Options;

namespace Bourse.Autodiscover.Handlers;

// Autodiscover v2: GET /autodiscover/autodiscover.json?Email=…&Protocol=… → {"Protocol":…,"Url":…}.
// Anonymous, as in Exchange: clients call it before they have credentials. It therefore answers only from configuration
// and the accepted-domain list (public anyway through MX records) and never looks the mailbox up, so the answer for an
// existing and a made-up address in an accepted domain is byte-identical: nothing about users can be enumerated.
internal sealed class JsonV2Handler(IDirectory directory, IOptions<AutodiscoverOptions> options)
{
    private static readonly string[] Protocols = ["ActiveSync", "EWS", "AutodiscoverV1"];
    private const string SupportedList = "ActiveSync,EWS,AutodiscoverV1";

    public async ValueTask<JsonV2Response> HandleAsync(string? email, string? protocol, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(protocol))
            return JsonV2Response.Fail(400, "MandatoryParameterMissing", "A valid value must be provided for the query parameter 'Protocol'.");
        var canonical = Array.Find(Protocols, p => string.Equals(p, protocol, StringComparison.OrdinalIgnoreCase));
        // Exchange Online's answer to an unsupported protocol: 400 InvalidProtocol (the value itself is not echoed back).
        if (canonical is null)
            return JsonV2Response.Fail(400, "InvalidProtocol", $"The given protocol value is invalid. Supported values are '{SupportedList}'.");
        if (string.IsNullOrWhiteSpace(email) || !EmailAddress.IsPlausible(email))
            return JsonV2Response.Fail(400, "MandatoryParameterMissing", "A valid value must be provided for the query parameter 'Email'.");
        if (!await directory.IsAcceptedDomainAsync(EmailAddress.Domain(email), ct))
            return JsonV2Response.Fail(404, "DomainNotFound", "The domain of the given email address is not served here.");

        var host = options.Value.ExternalHostName;
        var url = canonical switch
        {
            "ActiveSync" => $"https://{host}/Microsoft-Server-ActiveSync",
            "EWS" => $"https://{host}/EWS/Exchange.asmx",
            _ => $"https://{host}/autodiscover/autodiscover.xml",
        };
        return JsonV2Response.Ok(canonical, url);
    }
}
