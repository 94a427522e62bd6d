using System.Diagnostics;
using System.Net;
using System.Text;
using Bourse.ClientAccess.ProtocolLog;
using Bourse.ClientAccess.Tests.Forms;
using Bourse.ClientAccess.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Tests.ProtocolLog;

public sealed class ProtocolLogEndToEndTests : IAsyncLifetime
{
    private const string Password = "s3cret-Passw0rd";
    private FrontDoorTestServer _server = null!;
    private readonly HttpClient _http = TestHttp.CreateClient();

    private string LogDirectory => Path.Combine(_server.DataDirectory, "logs");

    public async Task InitializeAsync()
    {
        _server = await FrontDoorTestServer.StartAsync(endpoints: e =>
        {
            e.MapPost("/Microsoft-Server-ActiveSync", async (HttpContext context) =>
            {
                var entry = context.GetProtocolLogEntry()!;
                entry.Backend = "mbx2.bourse.test:444";
                entry.Mailbox = "shared@bourse.test";
                using (entry.TimeHandler())
                {
                    using (entry.TimeStore())
                    {
                        await Task.Delay(20);
                    }
                }
                return Results.Text("synced");
            }).RequireAuthorization();
        });
        _server.Directory.Add("alice@bourse.test", Password);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task EachRequestYieldsExactlyOneLineWithEveryStep()
    {
        const string body = "<soap:Envelope>FindItem</soap:Envelope>";
        using var request = new HttpRequestMessage(HttpMethod.Post,
            _server.Https("/EWS/Exchange.asmx?access_token=tok-SECRET-1&Password=pw-SECRET-2&client_secret=cs-SECRET-3&view=full"))
        {
            Content = new StringContent(body, Encoding.UTF8, "text/xml"),
        };
        request.Headers.Authorization = TestHttp.Basic("alice@bourse.test", Password);
        request.Headers.Add("SOAPAction", "\"http://schemas.microsoft.com/exchange/services/2006/messages/FindItem\"");
        request.Headers.UserAgent.ParseAdd("ExchangeServicesClient/15.00.0913.015");
        using var response = await _http.SendAsync(request);
        var responseBody = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var records = await ProtocolLogFiles.WaitForAsync(LogDirectory, r => r.Any(x => x.Path == "/EWS/Exchange.asmx"));
        var line = Assert.Single(records, r => r.Path == "/EWS/Exchange.asmx");
        Assert.Equal("POST", line.Method);
        Assert.Equal("Ews", line.Protocol);
        Assert.Equal("FindItem", line.Command);
        Assert.Equal("alice@bourse.test", line.User);
        Assert.Equal("Basic", line.AuthMethod);
        Assert.Equal("alice@bourse.test", line.Mailbox);
        Assert.Equal("local", line.Backend);
        Assert.Equal("127.0.0.1", line.ClientIp);
        Assert.StartsWith("Tls1", line.TlsProtocol, StringComparison.Ordinal);
        Assert.StartsWith("TLS_", line.TlsCipher, StringComparison.Ordinal);
        Assert.Equal(200, line.Status);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), line.BytesIn);
        Assert.Equal(responseBody.Length, line.BytesOut);
        Assert.Equal("access_token=***&Password=***&client_secret=***&view=full", line.Query);
        Assert.Equal("ExchangeServicesClient/15.00.0913.015", line.UserAgent);
        Assert.NotNull(line.RequestId);
        Assert.True(line.DurationMs > 0);

        // Neither the query secrets nor the password nor the Authorization header reach the file or the logger.
        var file = ProtocolLogFiles.AllText(LogDirectory);
        var logger = string.Join('\n', _server.Logs.Lines);
        foreach (var secret in new[] { "SECRET", Password, TestHttp.Basic("alice@bourse.test", Password).Parameter! })
        {
            Assert.DoesNotContain(secret, file, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logger, StringComparison.Ordinal);
        }
        Assert.Contains(_server.Logs.Lines, l => l.StartsWith("Information Bourse.ProtocolLog: POST /EWS/Exchange.asmx Ews FindItem 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LaterStagesFillTheEntry()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Https("/Microsoft-Server-ActiveSync?Cmd=Sync&User=alice&DeviceId=ABC&DeviceType=iPhone"));
        request.Headers.Authorization = TestHttp.Basic("alice@bourse.test", Password);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var records = await ProtocolLogFiles.WaitForAsync(LogDirectory, r => r.Any(x => x.Command == "Sync"));
        var line = Assert.Single(records, r => r.Command == "Sync");
        Assert.Equal("ActiveSync", line.Protocol);
        Assert.Equal("mbx2.bourse.test:444", line.Backend);
        Assert.Equal("shared@bourse.test", line.Mailbox);
        Assert.True(line.StoreMs >= 15, $"store {line.StoreMs}");
        Assert.True(line.HandlerMs >= line.StoreMs);
        Assert.Equal("Cmd=Sync&User=alice&DeviceId=ABC&DeviceType=iPhone", line.Query);
    }

    [Fact]
    public async Task RefusedAndUnknownRequestsAreLoggedToo()
    {
        using var refused = await _http.GetAsync(_server.Https("/EWS/Exchange.asmx"), TestHttp.Basic("alice@bourse.test", "wrong"));
        using var unknown = await _http.GetAsync(_server.Https("/nowhere"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var records = await ProtocolLogFiles.WaitForAsync(LogDirectory, r => r.Count >= 2);
        var denied = Assert.Single(records, r => r.Status == 401);
        Assert.Null(denied.User);
        Assert.Null(denied.AuthMethod);
        Assert.Equal("Ews", denied.Protocol);
        var missing = Assert.Single(records, r => r.Status == 404);
        Assert.Equal("Unknown", missing.Protocol);
    }

    [Fact]
    public async Task EveryRequestGetsABourseSpanWithTheSameAttributes()
    {
        var activities = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BourseTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Https("/EWS/Exchange.asmx?access_token=abc"));
        request.Headers.Authorization = TestHttp.Basic("alice@bourse.test", Password);
        request.Headers.Add("SOAPAction", "http://schemas.microsoft.com/exchange/services/2006/messages/GetFolder");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var records = await ProtocolLogFiles.WaitForAsync(LogDirectory, r => r.Any(x => x.Command == "GetFolder"));
        var line = Assert.Single(records, r => r.Command == "GetFolder");
        var span = Assert.Single(activities, a => (string?)a.GetTagItem("bourse.request_id") == line.RequestId);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("Ews GetFolder", span.DisplayName);
        Assert.Equal(line.TraceId, span.TraceId.ToHexString());
        Assert.Equal("POST", span.GetTagItem("http.request.method"));
        Assert.Equal("/EWS/Exchange.asmx", span.GetTagItem("url.path"));
        Assert.Equal("access_token=***", span.GetTagItem("url.query"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("alice@bourse.test", span.GetTagItem("enduser.id"));
        Assert.Equal("Basic", span.GetTagItem("bourse.auth_method"));
        Assert.Equal("Ews", span.GetTagItem("bourse.protocol"));
        Assert.Equal("local", span.GetTagItem("bourse.backend"));
        Assert.Equal(line.TlsProtocol, span.GetTagItem("tls.protocol.version"));
    }
}
