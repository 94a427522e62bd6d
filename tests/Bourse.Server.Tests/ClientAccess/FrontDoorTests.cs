using System.Net;
using System.Text;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.ClientAccess;

/// <summary>The Client Access front door of the real <c>bourse</c> process: challenges, health, lockout, protocol log.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class FrontDoorTests(LiveServer live)
{
    private const string PoxRequest =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">" +
        "<Request><EMailAddress>{0}</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>";

    private static HttpRequestMessage Pox(string url, string email, string login, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(string.Format(System.Globalization.CultureInfo.InvariantCulture, PoxRequest, email), Encoding.UTF8, "text/xml"),
        };
        request.Headers.Authorization = LiveServer.Basic(login, password);
        return request;
    }

    [Theory]
    [InlineData("/owa/healthcheck.htm")]
    [InlineData("/ews/healthcheck.htm")]
    [InlineData("/Microsoft-Server-ActiveSync/healthcheck.htm")]
    [InlineData("/autodiscover/healthcheck.htm")]
    [InlineData("/mapi/healthcheck.htm")]
    public async Task HealthChecksAnswer200WithTheServerName(string path)
    {
        using var client = live.Server.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("200 OK<br/>" + LiveServer.ServerName, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnonymousRequestsGetEachProtocolsChallenges()
    {
        using var client = live.Server.CreateClient();
        using (var ews = await client.PostAsync("/EWS/Exchange.asmx", new StringContent("<x/>", Encoding.UTF8, "text/xml")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, ews.StatusCode);
            Assert.Equal(["Negotiate", "NTLM", "Basic"], ews.Headers.WwwAuthenticate.Select(h => h.Scheme));
        }
        using (var autodiscover = await client.GetAsync("/autodiscover/autodiscover.xml"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, autodiscover.StatusCode);
            Assert.Equal("True", autodiscover.Headers.GetValues("X-SOAP-Enabled").Single());
        }
        using (var eas = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/Microsoft-Server-ActiveSync")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, eas.StatusCode);
            Assert.Equal(["Basic"], eas.Headers.WwwAuthenticate.Select(h => h.Scheme));
        }
    }

    [Fact]
    public async Task ProtocolsAnswerInTheirOwnWayAfterSignIn()
    {
        using var client = live.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = LiveServer.Basic("alice@bourse.test");
        using (var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/Microsoft-Server-ActiveSync")))
        {
            Assert.Equal(HttpStatusCode.OK, options.StatusCode);
            Assert.Equal("12.1,14.0,14.1,16.0,16.1", options.Headers.GetValues("MS-ASProtocolVersions").Single());
            Assert.Contains("Provision", options.Headers.GetValues("MS-ASProtocolCommands").Single().Split(','));
        }
        // No protocol version: the request line is incomplete (MS-ASHTTP 2.2.1.1.2.6).
        using (var sync = await client.PostAsync("/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=alice&DeviceId=D1&DeviceType=Phone", new ByteArrayContent([3, 1, 106, 0])))
            Assert.Equal(HttpStatusCode.BadRequest, sync.StatusCode);
        // 12.1 and not provisioned: HTTP 449 (MS-ASPROV 3.2.5.1).
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=alice&DeviceId=D1&DeviceType=Phone"))
        {
            request.Headers.Add("MS-ASProtocolVersion", "12.1");
            request.Content = new ByteArrayContent([3, 1, 106, 0, 0, 7, 0x56, 0x52, 3, (byte)'0', 0, 1, 1]);
            using var sync = await client.SendAsync(request);
            Assert.Equal((HttpStatusCode)449, sync.StatusCode);
        }
        using (var ews = await client.PostAsync("/EWS/Exchange.asmx", new StringContent("<soap/>", Encoding.UTF8, "text/xml")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, ews.StatusCode);
            var body = await ews.Content.ReadAsStringAsync();
            Assert.Contains("<s:Fault>", body, StringComparison.Ordinal);
            Assert.Contains("ErrorInvalidRequest", body, StringComparison.Ordinal);
        }
        using (var mapi = await client.PostAsync("/mapi/emsmdb", new ByteArrayContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, mapi.StatusCode);
            Assert.Equal("16", mapi.Headers.GetValues("X-ResponseCode").Single());
        }
    }

    [Fact]
    public async Task AutodiscoverAnswersForTheUserAndRefusesAnotherMailbox()
    {
        using var client = live.Server.CreateClient();
        using (var own = await client.SendAsync(Pox("/autodiscover/autodiscover.xml", "alice@bourse.test", "alice@bourse.test", LiveServer.Password)))
        {
            var xml = await own.Content.ReadAsStringAsync();
            Assert.Contains("<EwsUrl>https://mail.bourse.test/EWS/Exchange.asmx</EwsUrl>", xml, StringComparison.Ordinal);
            // No /OAB is served yet, so none is advertised.
            Assert.DoesNotContain("OABUrl", xml, StringComparison.Ordinal);
        }
        using var other = await client.SendAsync(Pox("/autodiscover/autodiscover.xml", "lockme@bourse.test", "alice@bourse.test", LiveServer.Password));
        var otherXml = await other.Content.ReadAsStringAsync();
        Assert.Contains("<ErrorCode>500</ErrorCode>", otherXml, StringComparison.Ordinal);
        Assert.DoesNotContain("Lockme Test", otherXml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountOutWith429AndRetryAfter()
    {
        using var client = live.Server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.SendAsync(Pox("/autodiscover/autodiscover.xml", "lockme@bourse.test", "lockme@bourse.test", "wrong-" + i));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        // Locked: refused before the password is checked, so even the right one gets 429 (the answer reveals nothing).
        using var locked = await client.SendAsync(Pox("/autodiscover/autodiscover.xml", "lockme@bourse.test", "lockme@bourse.test", LiveServer.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
        // Another account from the same address is not affected.
        using var alice = await client.SendAsync(Pox("/autodiscover/autodiscover.xml", "alice@bourse.test", "alice@bourse.test", LiveServer.Password));
        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
    }

    [Fact]
    public async Task EveryRequestGetsOneProtocolLogLineWithItsIdentityAndTraceShowsIt()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var client = live.Server.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(Pox("/autodiscover/autodiscover.xml?probe=" + marker, "alice@bourse.test", "alice@bourse.test", LiveServer.Password));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var lines = await ProtocolLogProbe.WaitForAsync(Path.Combine(live.DataDirectory, "logs"), r => r.Query?.Contains(marker, StringComparison.Ordinal) == true, atLeast: 3);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, r =>
        {
            Assert.Equal("alice@bourse.test", r.User);
            Assert.Equal("Basic", r.AuthMethod);
            Assert.Equal("Autodiscover", r.Protocol);
            Assert.Equal("local", r.Backend);
            Assert.NotNull(r.TlsProtocol);
            Assert.Equal(200, r.Status);
        });

        var trace = await BourseProcess.RunAsync(["trace", "--user", "alice", "--data", live.DataDirectory]);
        Assert.True(trace.ExitCode == 0, trace.ToString());
        var mine = trace.Stdout.Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, mine.Count);
        Assert.All(mine, l => Assert.Contains(" 200 Autodiscover ", l, StringComparison.Ordinal));
        Assert.All(mine, l => Assert.Contains("alice@bourse.test Basic", l, StringComparison.Ordinal));
        // Another user's filter does not show them.
        var others = await BourseProcess.RunAsync(["trace", "--user", "lockme", "--data", live.DataDirectory]);
        Assert.DoesNotContain(marker, others.Stdout, StringComparison.Ordinal);
    }
}
