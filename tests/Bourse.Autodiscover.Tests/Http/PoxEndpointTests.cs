using System.Net;
using System.Xml.Linq;
using Bourse.Autodiscover.Tests.Infrastructure;
using static Bourse.Autodiscover.Tests.Infrastructure.Requests;

namespace Bourse.Autodiscover.Tests.Http;

public sealed class PoxEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Path = "/autodiscover/autodiscover.xml";
    private AutodiscoverTestServer Server => fixture.Server;

    private static XElement Protocol(XDocument doc, string type) =>
        doc.Root!.Element(Outlook + "Response")!.Element(Outlook + "Account")!.Elements(Outlook + "Protocol")
            .Single(p => (string?)p.Element(Outlook + "Type") == type);

    [Fact]
    public async Task OutlookRequestForOwnAddressReturnsUserAndProtocolSettings()
    {
        using var client = Server.Alice();
        var (response, doc) = await PostXmlAsync(client, Path, Outlook2006("alice@contoso.com"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Root + "Autodiscover", doc.Root!.Name);
        var r = doc.Root.Element(Outlook + "Response")!;
        var user = r.Element(Outlook + "User")!;
        Assert.Equal("Alice Liddell", (string?)user.Element(Outlook + "DisplayName"));
        Assert.Equal(Server.Directory.Alice.LegacyExchangeDn, (string?)user.Element(Outlook + "LegacyDN"));
        Assert.Equal("alice@contoso.com", (string?)user.Element(Outlook + "AutoDiscoverSMTPAddress"));
        Assert.Equal(FakeDirectory.DeploymentId.ToString("D"), (string?)user.Element(Outlook + "DeploymentId"));

        var account = r.Element(Outlook + "Account")!;
        Assert.Equal("email", (string?)account.Element(Outlook + "AccountType"));
        Assert.Equal("settings", (string?)account.Element(Outlook + "Action"));
        Assert.Equal("False", (string?)account.Element(Outlook + "MicrosoftOnline"));
        Assert.DoesNotContain(account.Elements(Outlook + "Protocol"), p => p.Attribute("Type") is not null);

        var guid = Server.Directory.Alice.MailboxId.Value.ToString("D");
        var exch = Protocol(doc, "EXCH");
        Assert.Equal($"{guid}@contoso.com", (string?)exch.Element(Outlook + "Server"));
        Assert.Equal($"{FakeDirectory.Prefix}/cn=Configuration/cn=Servers/cn={guid}@contoso.com", (string?)exch.Element(Outlook + "ServerDN"));
        Assert.Equal($"{FakeDirectory.Prefix}/cn=Configuration/cn=Servers/cn={guid}@contoso.com/cn=Microsoft Private MDB", (string?)exch.Element(Outlook + "MdbDN"));
        Assert.Equal("73C189CB", (string?)exch.Element(Outlook + "ServerVersion"));
        Assert.Equal("https://mail.corp.contoso.com/EWS/Exchange.asmx", (string?)exch.Element(Outlook + "EwsUrl"));
        Assert.Equal("https://mail.corp.contoso.com/EWS/Exchange.asmx", (string?)exch.Element(Outlook + "ASUrl"));
        Assert.Equal("off", (string?)exch.Element(Outlook + "ServerExclusiveConnect"));

        var expr = Protocol(doc, "EXPR");
        Assert.Equal("mail.contoso.com", (string?)expr.Element(Outlook + "Server"));
        Assert.Equal("On", (string?)expr.Element(Outlook + "SSL"));
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", (string?)expr.Element(Outlook + "EwsUrl"));
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", (string?)expr.Element(Outlook + "EmwsUrl"));
        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", (string?)expr.Element(Outlook + "OOFUrl"));
        Assert.Equal("https://mail.contoso.com/ecp/", (string?)expr.Element(Outlook + "EcpUrl"));
        Assert.Equal($"https://mail.contoso.com/OAB/{FakeDirectory.DeploymentId:D}/", (string?)expr.Element(Outlook + "OABUrl"));
        Assert.Equal("On", (string?)expr.Element(Outlook + "ServerExclusiveConnect"));

        var web = Protocol(doc, "WEB");
        var owa = web.Element(Outlook + "External")!.Element(Outlook + "OWAUrl")!;
        Assert.Equal("https://mail.contoso.com/owa/", owa.Value);
        Assert.Equal("Fba", (string?)owa.Attribute("AuthenticationMethod"));
        Assert.Equal("https://mail.corp.contoso.com/owa/", (string?)web.Element(Outlook + "Internal")!.Element(Outlook + "OWAUrl"));
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("2", "1")]
    public async Task MapiHttpCapabilityHeaderAddsMapiHttpProtocol(string capability, string expectedVersion)
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, Outlook2006("alice@contoso.com"), r => r.Headers.Add("X-MapiHttpCapability", capability));

        var mapi = doc.Root!.Element(Outlook + "Response")!.Element(Outlook + "Account")!.Elements(Outlook + "Protocol")
            .Single(p => (string?)p.Attribute("Type") == "mapiHttp");
        Assert.Equal(expectedVersion, (string?)mapi.Attribute("Version"));
        var id = $"{Server.Directory.Alice.MailboxId.Value:D}@contoso.com";
        Assert.Equal($"https://mail.contoso.com/mapi/emsmdb/?MailboxId={id}", (string?)mapi.Element(Outlook + "MailStore")!.Element(Outlook + "ExternalUrl"));
        Assert.Equal($"https://mail.corp.contoso.com/mapi/emsmdb/?MailboxId={id}", (string?)mapi.Element(Outlook + "MailStore")!.Element(Outlook + "InternalUrl"));
        Assert.Equal($"https://mail.contoso.com/mapi/nspi/?MailboxId={id}", (string?)mapi.Element(Outlook + "AddressBook")!.Element(Outlook + "ExternalUrl"));
        Assert.Equal($"https://mail.corp.contoso.com/mapi/nspi/?MailboxId={id}", (string?)mapi.Element(Outlook + "AddressBook")!.Element(Outlook + "InternalUrl"));
        // The EWS/OAB URLs Outlook reads from EXCH/EXPR are still there.
        Assert.NotNull(Protocol(doc, "EXPR"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task MapiHttpProtocolIsOmittedWithoutAPositiveCapability(string capability)
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, Outlook2006("alice@contoso.com"), r => r.Headers.Add("X-MapiHttpCapability", capability));
        Assert.DoesNotContain(doc.Descendants(Outlook + "Protocol"), p => p.Attribute("Type") is not null);
    }

    [Theory]
    [InlineData("alice.liddell@contoso.com")]
    [InlineData("ALICE@fabrikam.com")]
    public async Task AliasOrOtherDomainAddressRedirectsToPrimary(string address)
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, Outlook2006(address));
        var account = doc.Root!.Element(Outlook + "Response")!.Element(Outlook + "Account")!;
        Assert.Equal("redirectAddr", (string?)account.Element(Outlook + "Action"));
        Assert.Equal("alice@contoso.com", (string?)account.Element(Outlook + "RedirectAddr"));
        Assert.Null(doc.Root.Element(Outlook + "Response")!.Element(Outlook + "User"));
    }

    [Theory]
    [InlineData("nobody@contoso.com")]
    [InlineData("alice@example.org")]
    [InlineData("bob@contoso.com")]
    [InlineData("robert@contoso.com")]
    public async Task UnknownAndOtherUsersAddressesGetError500WithoutData(string address)
    {
        using var client = Server.Alice();
        using var response = await client.PostAsync(Path, Xml(Outlook2006(address)));
        var text = await response.Content.ReadAsStringAsync();
        var doc = XDocument.Parse(text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = doc.Root!.Element(Root + "Response")!.Element(Root + "Error")!;
        Assert.Equal("500", (string?)error.Element(Root + "ErrorCode"));
        Assert.Equal("The e-mail address cannot be found.", (string?)error.Element(Root + "Message"));
        Assert.NotNull(error.Attribute("Time"));
        Assert.NotNull(error.Attribute("Id"));
        Assert.DoesNotContain("Bob", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bob@contoso.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Directory.Bob.MailboxId.Value.ToString("D"), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegacyDnWinsOverEmailAddress()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, Outlook2006("nobody@contoso.com", Server.Directory.Alice.LegacyExchangeDn));
        Assert.Equal("alice@contoso.com", (string?)doc.Descendants(Outlook + "AutoDiscoverSMTPAddress").Single());
    }

    [Fact]
    public async Task AnotherUsersLegacyDnIsRefused()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, Outlook2006(null, Server.Directory.Bob.LegacyExchangeDn));
        Assert.Equal("500", (string?)doc.Descendants(Root + "ErrorCode").Single());
    }

    [Theory]
    [InlineData("<Autodiscover", "600")]
    [InlineData("not xml at all", "600")]
    [InlineData("<Autodiscover xmlns=\"urn:wrong\"><Request><EMailAddress>alice@contoso.com</EMailAddress></Request></Autodiscover>", "600")]
    [InlineData("<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"/>", "600")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request><EMailAddress>&e;</EMailAddress></Request></Autodiscover>", "600")]
    public async Task MalformedRequestsGetError600(string body, string code)
    {
        using var client = Server.Alice();
        var (response, doc) = await PostXmlAsync(client, Path, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = doc.Root!.Element(Root + "Response")!.Element(Root + "Error")!;
        Assert.Equal(code, (string?)error.Element(Root + "ErrorCode"));
        Assert.Equal("Invalid Request", (string?)error.Element(Root + "Message"));
    }

    [Fact]
    public async Task MissingAddressGetsError600()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, Outlook2006(null));
        Assert.Equal("600", (string?)doc.Descendants(Root + "ErrorCode").Single());
    }

    [Fact]
    public async Task UnknownResponseSchemaGetsError601()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, Outlook2006("alice@contoso.com", schema: "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2099"));
        Assert.Equal("601", (string?)doc.Descendants(Root + "ErrorCode").Single());
    }

    [Fact]
    public async Task OversizedBodyGetsError600()
    {
        using var client = Server.Alice();
        var body = Outlook2006("alice@contoso.com").Replace("<Request>", "<Request>" + new string(' ', 70_000), StringComparison.Ordinal);
        var (_, doc) = await PostXmlAsync(client, Path, body);
        Assert.Equal("600", (string?)doc.Descendants(Root + "ErrorCode").Single());
    }

    [Fact]
    public async Task ChunkedBodyWithoutContentLengthIsReadToTheEnd()
    {
        using var client = Server.Alice();
        var (response, doc) = await PostChunkedAsync(client, Outlook2006("alice@contoso.com"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice@contoso.com", (string?)doc.Root!.Element(Outlook + "Response")!.Element(Outlook + "User")!.Element(Outlook + "AutoDiscoverSMTPAddress"));
    }

    [Fact]
    public async Task OversizedChunkedBodyGetsError600()
    {
        using var client = Server.Alice();
        var body = Outlook2006("alice@contoso.com").Replace("<Request>", "<Request>" + new string(' ', 70_000), StringComparison.Ordinal);
        var (_, doc) = await PostChunkedAsync(client, body);
        Assert.Equal("600", (string?)doc.Descendants(Root + "ErrorCode").Single());
    }

    private static async Task<(HttpResponseMessage Response, XDocument Doc)> PostChunkedAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "text/xml") };
        request.Headers.TransferEncodingChunked = true;
        var response = await client.SendAsync(request);
        return (response, XDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task MobileSyncRequestReturnsActiveSyncUrl()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, MobileSync2006("alice@contoso.com"));
        var r = doc.Root!.Element(Mobile + "Response")!;
        Assert.Equal("en:us", (string?)r.Element(Mobile + "Culture"));
        Assert.Equal("Alice Liddell", (string?)r.Element(Mobile + "User")!.Element(Mobile + "DisplayName"));
        Assert.Equal("alice@contoso.com", (string?)r.Element(Mobile + "User")!.Element(Mobile + "EMailAddress"));
        var server = r.Element(Mobile + "Action")!.Element(Mobile + "Settings")!.Element(Mobile + "Server")!;
        Assert.Equal("MobileSync", (string?)server.Element(Mobile + "Type"));
        Assert.Equal("https://mail.contoso.com/Microsoft-Server-ActiveSync", (string?)server.Element(Mobile + "Url"));
        Assert.Equal("https://mail.contoso.com/Microsoft-Server-ActiveSync", (string?)server.Element(Mobile + "Name"));
    }

    [Fact]
    public async Task MobileSyncAliasRedirects()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, MobileSync2006("alice@fabrikam.com"));
        Assert.Equal("alice@contoso.com", (string?)doc.Root!.Element(Mobile + "Response")!.Element(Mobile + "Action")!.Element(Mobile + "Redirect"));
    }

    [Fact]
    public async Task MobileSyncUnknownAddressGetsErrorInMobileSyncNamespace()
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, Path, MobileSync2006("bob@contoso.com"));
        Assert.Equal("500", (string?)doc.Root!.Element(Mobile + "Response")!.Element(Mobile + "Error")!.Element(Mobile + "ErrorCode"));
        Assert.DoesNotContain(doc.Descendants(), e => e.Value.Contains("Bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnauthenticatedPostIsChallengedWithSoapEnabledHeader()
    {
        using var client = Server.CreateClient();
        using var response = await client.PostAsync(Path, Xml(Outlook2006("alice@contoso.com")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("True", response.Headers.GetValues("X-SOAP-Enabled").Single());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task WrongPasswordIsChallenged()
    {
        using var client = Server.CreateClient("alice@contoso.com", "wrong");
        using var response = await client.PostAsync(Path, Xml(Outlook2006("alice@contoso.com")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("True", response.Headers.GetValues("X-SOAP-Enabled").Single());
    }

    [Fact]
    public async Task UnauthenticatedGetProbeIsChallenged()
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync(Path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("True", response.Headers.GetValues("X-SOAP-Enabled").Single());
    }

    [Fact]
    public async Task AuthenticatedGetAnswersInvalidRequest()
    {
        using var client = Server.Alice();
        using var response = await client.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("600", (string?)doc.Descendants(Root + "ErrorCode").Single());
    }

    [Theory]
    [InlineData("/Autodiscover/Autodiscover.xml")]
    [InlineData("/AUTODISCOVER/AUTODISCOVER.XML")]
    public async Task PathIsCaseInsensitive(string path)
    {
        using var client = Server.Alice();
        var (_, doc) = await PostXmlAsync(client, path, Outlook2006("alice@contoso.com"));
        Assert.Equal("settings", (string?)doc.Descendants(Outlook + "Action").Single());
    }
}
