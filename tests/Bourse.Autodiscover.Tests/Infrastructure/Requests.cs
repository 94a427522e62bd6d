using System.Text;
using System.Xml.Linq;

namespace Bourse.Autodiscover.Tests.Infrastructure;

internal static class Requests
{
    public static readonly XNamespace Root = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    public static readonly XNamespace Outlook = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    public static readonly XNamespace Mobile = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";
    public static readonly XNamespace Ad = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static string Outlook2006(string? email, string? legacyDn = null, string schema = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a") =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
          <Request>
            {(email is null ? "" : $"<EMailAddress>{email}</EMailAddress>")}
            {(legacyDn is null ? "" : $"<LegacyDN>{legacyDn}</LegacyDN>")}
            <AcceptableResponseSchema>{schema}</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """;

    public static string MobileSync2006(string email) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006">
          <Request>
            <EMailAddress>{email}</EMailAddress>
            <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """;

    public static string GetUserSettings(IEnumerable<string> users, IEnumerable<string> settings, string envelope = "http://schemas.xmlsoap.org/soap/envelope/") =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soap="{envelope}">
          <soap:Header>
            <a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion>
            <wsa:Action>http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings</wsa:Action>
            <wsa:To>https://mail.contoso.com/autodiscover/autodiscover.svc</wsa:To>
          </soap:Header>
          <soap:Body>
            <a:GetUserSettingsRequestMessage>
              <a:Request>
                <a:Users>{string.Concat(users.Select(u => $"<a:User><a:Mailbox>{u}</a:Mailbox></a:User>"))}</a:Users>
                <a:RequestedSettings>{string.Concat(settings.Select(s => $"<a:Setting>{s}</a:Setting>"))}</a:RequestedSettings>
              </a:Request>
            </a:GetUserSettingsRequestMessage>
          </soap:Body>
        </soap:Envelope>
        """;

    public static string GetDomainSettings(IEnumerable<string> domains, IEnumerable<string> settings) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
          <soap:Header>
            <wsa:Action>http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetDomainSettings</wsa:Action>
          </soap:Header>
          <soap:Body>
            <a:GetDomainSettingsRequestMessage>
              <a:Request>
                <a:Domains>{string.Concat(domains.Select(d => $"<a:Domain>{d}</a:Domain>"))}</a:Domains>
                <a:RequestedSettings>{string.Concat(settings.Select(s => $"<a:Setting>{s}</a:Setting>"))}</a:RequestedSettings>
                <a:RequestedVersion>Exchange2013</a:RequestedVersion>
              </a:Request>
            </a:GetDomainSettingsRequestMessage>
          </soap:Body>
        </soap:Envelope>
        """;

    public static StringContent Xml(string body, string contentType = "text/xml") => new(body, Encoding.UTF8, contentType);

    public static async Task<(HttpResponseMessage Response, XDocument Doc)> PostXmlAsync(HttpClient client, string path, string body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Xml(body) };
        configure?.Invoke(request);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, XDocument.Parse(text));
    }
}
