using System.Net;
using System.Xml.Linq;
using Bourse.Autodiscover.Tests.Infrastructure;
using static Bourse.Autodiscover.Tests.Infrastructure.Requests;

namespace Bourse.Autodiscover.Tests.Http;

public sealed class SoapEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = "/autodiscover/autodiscover.svc";
    private AutodiscoverTestServer Server => fixture.Server;

    private static IReadOnlyList<XElement> UserResponses(XDocument doc) =>
        doc.Root!.Element(Soap + "Body")!.Element(Ad + "GetUserSettingsResponseMessage")!.Element(Ad + "Response")!
            .Element(Ad + "UserResponses")!.Elements(Ad + "UserResponse").ToList();

    private static Dictionary<string, string> Settings(XElement userResponse) =>
        userResponse.Element(Ad + "UserSettings")!.Elements(Ad + "UserSetting")
            .Where(s => (string?)s.Attribute(Xsi + "type") == "StringSetting")
            .ToDictionary(s => (string)s.Element(Ad + "Name")!, s => (string)s.Element(Ad + "Value")!);

    [Fact]
    public async Task GetUserSettingsReturnsRequestedSettingsForOwnMailbox()
    {
        using var client = Server.Alice();
        string[] names = ["UserDisplayName", "UserDN", "UserDeploymentId", "InternalMailboxServer", "InternalRpcClientServer", "InternalEwsUrl",
            "ExternalEwsUrl", "EwsSupportedSchemas", "CasVersion", "MailboxDN", "InternalMailboxServerDN", "ExternalMailboxServer",
            "ExternalMailboxServerRequiresSSL", "MapiHttpEnabled", "AutoDiscoverSMTPAddress", "ExternalOABUrl", "GroupingInformation"];
        var (response, doc) = await PostXmlAsync(client, Path, GetUserSettings(["alice@contoso.com"], names));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        var header = doc.Root!.Element(Soap + "Header")!;
        Assert.Equal("http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse",
            (string?)header.Element((XNamespace)"http://www.w3.org/2005/08/addressing" + "Action"));
        var version = header.Element(Ad + "ServerVersionInfo")!;
        Assert.Equal("15", (string?)version.Element(Ad + "MajorVersion"));
        Assert.Equal("1", (string?)version.Element(Ad + "MinorVersion"));
        Assert.Equal("2507", (string?)version.Element(Ad + "MajorBuildNumber"));

        var top = doc.Root.Element(Soap + "Body")!.Element(Ad + "GetUserSettingsResponseMessage")!.Element(Ad + "Response")!;
        Assert.Equal("NoError", (string?)top.Element(Ad + "ErrorCode"));
        var user = Assert.Single(UserResponses(doc));
        Assert.Equal("NoError", (string?)user.Element(Ad + "ErrorCode"));
        Assert.Equal("true", (string?)user.Element(Ad + "RedirectTarget")!.Attribute(Xsi + "nil"));
        Assert.Empty(user.Element(Ad + "UserSettingErrors")!.Elements());

        var s = Settings(user);
        var alice = Server.Directory.Alice;
        Assert.Equal("Alice Liddell", s["UserDisplayName"]);
        Assert.Equal(alice.LegacyExchangeDn, s["UserDN"]);
        Assert.Equal(FakeDirectory.DeploymentId.ToString("D"), s["UserDeploymentId"]);
        Assert.Equal("mail.corp.contoso.com", s["InternalMailboxServer"]);
        Assert.Equal($"{alice.MailboxId.Value:D}@contoso.com", s["InternalRpcClientServer"]);
        Assert.Equal("https://mail.corp.contoso.com/EWS/Exchange.asmx", s["InternalEwsUrl"]);
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", s["ExternalEwsUrl"]);
        Assert.EndsWith("Exchange2016", s["EwsSupportedSchemas"], StringComparison.Ordinal);
        Assert.Equal("15.01.2507.039", s["CasVersion"]);
        Assert.EndsWith("/cn=Microsoft Private MDB", s["MailboxDN"], StringComparison.Ordinal);
        Assert.Equal("mail.contoso.com", s["ExternalMailboxServer"]);
        Assert.Equal("True", s["ExternalMailboxServerRequiresSSL"]);
        Assert.Equal("True", s["MapiHttpEnabled"]);
        Assert.Equal("alice@contoso.com", s["AutoDiscoverSMTPAddress"]);
        Assert.Equal("DB01", s["GroupingInformation"]);
        Assert.Equal(names.Length, s.Count);
    }

    [Fact]
    public async Task CollectionSettingsUseTheirXsiTypes()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, GetUserSettings(["alice@contoso.com"], ["ExternalWebClientUrls", "AlternateMailboxes"]));
        var settings = UserResponses(doc)[0].Element(Ad + "UserSettings")!.Elements(Ad + "UserSetting").ToList();
        var web = settings.Single(e => (string?)e.Element(Ad + "Name") == "ExternalWebClientUrls");
        Assert.Equal("WebClientUrlCollectionSetting", (string?)web.Attribute(Xsi + "type"));
        Assert.Equal("https://mail.contoso.com/owa/", (string?)web.Descendants(Ad + "Url").Single());
        var alt = settings.Single(e => (string?)e.Element(Ad + "Name") == "AlternateMailboxes");
        Assert.Equal("AlternateMailboxCollectionSetting", (string?)alt.Attribute(Xsi + "type"));
    }

    [Fact]
    public async Task UnknownAndUnavailableSettingsGetPerSettingErrors()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, GetUserSettings(["alice@contoso.com"], ["ExternalEwsUrl", "NoSuchSetting", "ActiveDirectoryServer"]));
        var user = UserResponses(doc)[0];
        Assert.Equal("NoError", (string?)user.Element(Ad + "ErrorCode"));
        var errors = user.Element(Ad + "UserSettingErrors")!.Elements(Ad + "UserSettingError")
            .ToDictionary(e => (string)e.Element(Ad + "SettingName")!, e => (string)e.Element(Ad + "ErrorCode")!);
        Assert.Equal("InvalidSetting", errors["NoSuchSetting"]);
        Assert.Equal("SettingIsNotAvailable", errors["ActiveDirectoryServer"]);
        Assert.Equal(["ExternalEwsUrl"], Settings(user).Keys);
    }

    [Fact]
    public async Task EachUserGetsItsOwnResponse()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path,
            GetUserSettings(["alice@contoso.com", "nobody@contoso.com", "bob@contoso.com", "alice@fabrikam.com", "garbage"], ["UserDisplayName"]));
        var users = UserResponses(doc);
        Assert.Equal(["NoError", "InvalidUser", "InvalidUser", "RedirectAddress", "InvalidUser"], users.Select(u => (string)u.Element(Ad + "ErrorCode")!));
        Assert.Equal("alice@contoso.com", (string?)users[3].Element(Ad + "RedirectTarget"));
        // Another user's mailbox is answered exactly like a made-up one: no settings, no name.
        Assert.Empty(users[2].Element(Ad + "UserSettings")!.Elements());
        Assert.Equal(users[1].ToString(), users[2].ToString());
        Assert.DoesNotContain(doc.Descendants(), e => !e.HasElements && e.Value.Contains("Bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmptyUserListGetsInvalidRequest()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, GetUserSettings([], ["UserDisplayName"]));
        Assert.Equal("InvalidRequest", (string?)doc.Descendants(Ad + "Response").Single().Element(Ad + "ErrorCode"));
    }

    [Fact]
    public async Task Soap12RequestGetsSoap12Response()
    {
        using var client = Server.Alice();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = Xml(GetUserSettings(["alice@contoso.com"], ["ExternalEwsUrl"], "http://www.w3.org/2003/05/soap-envelope"), "application/soap+xml"),
        };
        using var response = await client.SendAsync(request);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Soap12 + "Envelope", doc.Root!.Name);
        Assert.Equal("application/soap+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", (string?)doc.Descendants(Ad + "Value").Single());
    }

    [Fact]
    public async Task GetDomainSettingsAnswersAcceptedDomainsOnly()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, GetDomainSettings(["contoso.com", "example.org"], ["ExternalEwsUrl", "ExternalEwsVersion", "Bogus"]));
        var domains = doc.Descendants(Ad + "DomainResponse").ToList();
        Assert.Equal("NoError", (string?)domains[0].Element(Ad + "ErrorCode"));
        var values = domains[0].Element(Ad + "DomainSettings")!.Elements(Ad + "DomainSetting")
            .ToDictionary(e => (string)e.Element(Ad + "Name")!, e => (string)e.Element(Ad + "Value")!);
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", values["ExternalEwsUrl"]);
        Assert.Equal("15.01.2507.039", values["ExternalEwsVersion"]);
        Assert.Equal("DomainStringSetting", (string?)domains[0].Element(Ad + "DomainSettings")!.Elements().First().Attribute(Xsi + "type"));
        Assert.Equal("Bogus", (string?)domains[0].Descendants(Ad + "SettingName").Single());
        Assert.Equal("InvalidDomain", (string?)domains[1].Element(Ad + "ErrorCode"));
    }

    [Fact]
    public async Task UnknownOperationGetsActionNotSupportedFault()
    {
        using var client = Server.Alice();
        const string body = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover">
              <soap:Body><a:GetFederationInformationRequestMessage><a:Request><a:Domain>contoso.com</a:Domain></a:Request></a:GetFederationInformationRequestMessage></soap:Body>
            </soap:Envelope>
            """;
        var (response, doc) = await PostXmlAsync(client, Path, body);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var fault = doc.Root!.Element(Soap + "Body")!.Element(Soap + "Fault")!;
        Assert.Equal("a:ActionNotSupported", (string?)fault.Element("faultcode"));
        Assert.False(string.IsNullOrEmpty((string?)fault.Element("faultstring")));
    }

    [Fact]
    public async Task MismatchedWsAddressingActionGetsFault()
    {
        using var client = Server.Alice();
        var body = GetUserSettings(["alice@contoso.com"], ["ExternalEwsUrl"]).Replace("/Autodiscover/GetUserSettings<", "/Autodiscover/GetDomainSettings<", StringComparison.Ordinal);
        var (_, doc) = await PostXmlAsync(client, Path, body);
        Assert.Equal("a:ActionNotSupported", (string?)doc.Descendants("faultcode").Single());
    }

    [Theory]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>")]
    [InlineData("<Envelope/>")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><a:GetUserSettingsRequestMessage xmlns:a=\"http://schemas.microsoft.com/exchange/2010/Autodiscover\"/></soap:Body></soap:Envelope>")]
    public async Task MalformedEnvelopesGetClientFaults(string body)
    {
        using var client = Server.Alice();
        var (response, doc) = await PostXmlAsync(client, Path, body);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("s:Client", (string?)doc.Descendants("faultcode").Single());
        Assert.DoesNotContain("   at ", doc.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnauthenticatedSoapIsChallengedWithSoapEnabledHeader()
    {
        using var client = Server.CreateClient();
        using var response = await client.PostAsync(Path, Xml(GetUserSettings(["DUMMY@example.com"], ["AutoDiscoverSMTPAddress"])));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("True", response.Headers.GetValues("X-SOAP-Enabled").Single());
    }

    [Fact]
    public async Task WsSecurityPathIsServedToo()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path + "/WSSecurity", GetUserSettings(["alice@contoso.com"], ["ExternalEwsUrl"]));
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", (string?)doc.Descendants(Ad + "Value").Single());
    }
}
