using System.Net;
using System.Text;
using System.Xml.Linq;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>A real process with two users who know each other's addresses (and, here, the same password for convenience).</summary>
public sealed class TwoUserServer : IAsyncLifetime
{
    internal ConformanceServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ConformanceServer.StartAsync(["alice", "bob"], new Dictionary<string, string>());

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// "An Autodiscover request for another user's mailbox fails" through the real <c>bourse</c> process: signed in as alice,
/// asking about bob — by address or legacy DN, in POX (Outlook and mobilesync) and SOAP — reveals nothing of bob's
/// mailbox, while alice's own answer in the same request is complete.
/// </summary>
public sealed class AnotherMailboxTests(TwoUserServer fixture) : IClassFixture<TwoUserServer>
{
    private static readonly XNamespace Ad = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
    private static readonly XNamespace Outlook = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    private static string Pox(string element, string value, string schema = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a",
        string request = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006") =>
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"{request}\"><Request><{element}>{value}</{element}>" +
        $"<AcceptableResponseSchema>{schema}</AcceptableResponseSchema></Request></Autodiscover>";

    private static string GetUserSettings(params string[] users) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
          <soap:Header>
            <a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion>
            <wsa:Action>http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings</wsa:Action>
            <wsa:To>https://mail.bourse.test/autodiscover/autodiscover.svc</wsa:To>
          </soap:Header>
          <soap:Body>
            <a:GetUserSettingsRequestMessage>
              <a:Request>
                <a:Users>{string.Concat(users.Select(u => $"<a:User><a:Mailbox>{u}</a:Mailbox></a:User>"))}</a:Users>
                <a:RequestedSettings><a:Setting>UserDisplayName</a:Setting><a:Setting>UserDN</a:Setting><a:Setting>ExternalEwsUrl</a:Setting><a:Setting>ExternalMailboxServer</a:Setting></a:RequestedSettings>
              </a:Request>
            </a:GetUserSettingsRequestMessage>
          </soap:Body>
        </soap:Envelope>
        """;

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string body, string login = "alice@bourse.test")
    {
        using var client = fixture.Server.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = LiveServer.Basic(login, ConformanceServer.Password);
        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "text/xml"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static void AssertNothingOfBob(string body)
    {
        Assert.DoesNotContain("bob Display", body, StringComparison.Ordinal);
        Assert.DoesNotContain("cn=bob", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("EwsUrl", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bob@bourse.test")]
    [InlineData("BOB@Bourse.Test")]
    public async Task PoxForAnotherUsersAddressIsError500(string address)
    {
        var (status, body) = await PostAsync("/autodiscover/autodiscover.xml", Pox("EMailAddress", address));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<ErrorCode>500</ErrorCode>", body, StringComparison.Ordinal);
        AssertNothingOfBob(body);
    }

    [Fact]
    public async Task PoxForAnotherUsersLegacyDnIsError500()
    {
        // Bob's own answer tells us his legacyExchangeDN; alice then asks by it (MS-OXDSCLI 3.2.5: LegacyDN wins).
        var (_, own) = await PostAsync("/autodiscover/autodiscover.xml", Pox("EMailAddress", "bob@bourse.test"), login: "bob@bourse.test");
        var legacyDn = XDocument.Parse(own).Descendants(Outlook + "LegacyDN").First().Value;
        Assert.StartsWith("/o=", legacyDn, StringComparison.Ordinal);

        var (status, body) = await PostAsync("/autodiscover/autodiscover.xml", Pox("LegacyDN", System.Security.SecurityElement.Escape(legacyDn)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<ErrorCode>500</ErrorCode>", body, StringComparison.Ordinal);
        AssertNothingOfBob(body);
    }

    [Fact]
    public async Task MobileSyncPoxForAnotherUserIsAnError()
    {
        var (status, body) = await PostAsync("/autodiscover/autodiscover.xml", Pox("EMailAddress", "bob@bourse.test",
            schema: "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006",
            request: "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<Error", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft-Server-ActiveSync", body, StringComparison.Ordinal);
        AssertNothingOfBob(body);
    }

    [Fact]
    public async Task SoapGetUserSettingsAnswersTheCallerAndRefusesTheOtherUser()
    {
        var (status, body) = await PostAsync("/autodiscover/autodiscover.svc", GetUserSettings("alice@bourse.test", "bob@bourse.test"));
        Assert.Equal(HttpStatusCode.OK, status);
        var responses = XDocument.Parse(body).Descendants(Ad + "UserResponse").ToList();
        Assert.Equal(2, responses.Count);
        // MS-OXWSADISC 3.1.4.2.2: one UserResponse per requested user, in order.
        Assert.Equal("NoError", responses[0].Element(Ad + "ErrorCode")?.Value);
        Assert.Contains(responses[0].Descendants(Ad + "Value"), v => v.Value == "alice Display");
        Assert.Equal("InvalidUser", responses[1].Element(Ad + "ErrorCode")?.Value);
        Assert.Empty(responses[1].Descendants(Ad + "UserSetting"));
        AssertNothingOfBob(responses[1].ToString());
        Assert.DoesNotContain("bob Display", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SoapGetUserSettingsForOnlyAnotherUserIsInvalidUser()
    {
        var (status, body) = await PostAsync("/autodiscover/autodiscover.svc/WSSecurity", GetUserSettings("bob@bourse.test"));
        Assert.Equal(HttpStatusCode.OK, status);
        var response = Assert.Single(XDocument.Parse(body).Descendants(Ad + "UserResponse"));
        Assert.Equal("InvalidUser", response.Element(Ad + "ErrorCode")?.Value);
        AssertNothingOfBob(body);
    }
}
