using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bourse.Owa.Tests.Infrastructure;
using Bourse.Owa.Tests.Mail;

namespace Bourse.Owa.Tests.Events;

/// <summary>Live updates over real HTTPS: GET /owa/service/events as Server-Sent Events from the store's change notifications.</summary>
public sealed class OwaEventsApiTests
{
    [Fact]
    public async Task ADeliveryProducesAChangeEventWithinTwoSeconds()
    {
        await using var server = await OwaTestServer.StartAsync();
        using var alice = await server.SignInAsync();
        var inbox = await MailApi.FolderIdAsync(alice, "inbox");
        using var stream = await EventStream.OpenAsync(server, alice);
        Assert.Equal("text/event-stream", stream.ContentType);
        Assert.Equal("no-store", stream.CacheControl);
        await stream.ReadUntilAsync(l => l == ": connected", TimeSpan.FromSeconds(5));

        var sw = Stopwatch.StartNew();
        await server.DeliverAsync("alice", subject: "Live", body: "Hello.");
        var change = await stream.NextChangeAsync(TimeSpan.FromSeconds(2));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"the change event took {sw.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains(inbox, change.GetProperty("folders").EnumerateArray().Select(f => f.GetString()));
        Assert.True(change.GetProperty("changeNumber").GetInt64() > 0);
        Assert.False(change.GetProperty("hierarchy").GetBoolean());
    }

    [Fact]
    public async Task AChangeMadeThroughTheApiAndAFolderChangeAreAnnounced()
    {
        await using var server = await OwaTestServer.StartAsync();
        await server.DeliverAsync("alice", subject: "Mark me", body: "Hello.");
        using var alice = await server.SignInAsync();
        var id = await MailApi.MessageIdAsync(alice, "inbox", "Mark me");
        using var stream = await EventStream.OpenAsync(server, alice);
        await stream.ReadUntilAsync(l => l == ": connected", TimeSpan.FromSeconds(5));

        using (var patch = await alice.PatchJsonAsync($"/owa/service/messages/{id}", new { isRead = true }))
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var first = await stream.NextChangeAsync(TimeSpan.FromSeconds(2));
        await MailApi.PostAsync(alice, "/owa/service/folders", new { parentId = (string?)null, name = "New one" }, HttpStatusCode.Created);
        var second = await stream.NextChangeAsync(TimeSpan.FromSeconds(2));
        Assert.True(second.GetProperty("changeNumber").GetInt64() > first.GetProperty("changeNumber").GetInt64());
        Assert.True(second.GetProperty("hierarchy").GetBoolean());
    }

    [Fact]
    public async Task AnotherUsersChangesAreNotSent()
    {
        await using var server = await OwaTestServer.StartAsync();
        using var alice = await server.SignInAsync();
        var inbox = await MailApi.FolderIdAsync(alice, "inbox");
        using var stream = await EventStream.OpenAsync(server, alice);
        await stream.ReadUntilAsync(l => l == ": connected", TimeSpan.FromSeconds(5));
        await server.DeliverAsync("bob", subject: "For bob", body: "Hello.");
        await Task.Delay(300);
        await server.DeliverAsync("alice", subject: "For alice", body: "Hello.");
        // The first change alice sees is her own delivery.
        var change = await stream.NextChangeAsync(TimeSpan.FromSeconds(2));
        Assert.Equal([inbox], change.GetProperty("folders").EnumerateArray().Select(f => f.GetString()!).ToArray());
    }

    [Fact]
    public async Task AnIdleStreamSendsAHeartbeatComment()
    {
        await using var server = await OwaTestServer.StartAsync(new Dictionary<string, string?> { ["Bourse:Owa:EventsHeartbeatSeconds"] = "0.3" });
        using var alice = await server.SignInAsync();
        using var stream = await EventStream.OpenAsync(server, alice);
        await stream.ReadUntilAsync(l => l == ": connected", TimeSpan.FromSeconds(5));
        await stream.ReadUntilAsync(l => l == ": keep-alive", TimeSpan.FromSeconds(3));
        await stream.ReadUntilAsync(l => l == ": keep-alive", TimeSpan.FromSeconds(3));
        // A change still comes through between heartbeats.
        await server.DeliverAsync("alice", subject: "Between beats", body: "Hello.");
        await stream.NextChangeAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task AReconnectingClientHearsOfWhatChangedSinceItsLastEventId()
    {
        await using var server = await OwaTestServer.StartAsync();
        using var alice = await server.SignInAsync();
        await server.DeliverAsync("alice", subject: "While away", body: "Hello.");
        using var stream = await EventStream.OpenAsync(server, alice, lastEventId: "1");
        var change = await stream.NextChangeAsync(TimeSpan.FromSeconds(2));
        Assert.True(change.GetProperty("changeNumber").GetInt64() > 1);
    }

    [Fact]
    public async Task TheStreamEndsWhenTheServerStops()
    {
        var server = await OwaTestServer.StartAsync();
        using var alice = await server.SignInAsync();
        using var stream = await EventStream.OpenAsync(server, alice);
        await stream.ReadUntilAsync(l => l == ": connected", TimeSpan.FromSeconds(5));
        var sw = Stopwatch.StartNew();
        var stopping = server.DisposeAsync().AsTask();
        Assert.True(await stream.EndsWithinAsync(TimeSpan.FromSeconds(5)), "the stream did not end when the server stopped");
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task StreamsHoldNoThreadAndEndWhenTheBrowserGoesAway()
    {
        var server = await OwaTestServer.StartAsync();
        using var alice = await server.SignInAsync();
        var streams = new List<EventStream>();
        using (var first = await EventStream.OpenAsync(server, alice))
            await first.ReadUntilAsync(l => l == ": connected", TimeSpan.FromSeconds(5));
        var threadsBefore = Process.GetCurrentProcess().Threads.Count;
        for (var i = 0; i < 100; i++)
            streams.Add(await EventStream.OpenAsync(server, alice));
        foreach (var s in streams)
            await s.ReadUntilAsync(l => l == ": connected", TimeSpan.FromSeconds(5));
        var threadsHeld = Process.GetCurrentProcess().Threads.Count;
        Assert.True(threadsHeld - threadsBefore < 40, $"100 open streams grew the process from {threadsBefore} to {threadsHeld} threads");

        // Every stream still gets the change.
        await server.DeliverAsync("alice", subject: "To all tabs", body: "Hello.");
        foreach (var s in streams)
            await s.NextChangeAsync(TimeSpan.FromSeconds(5));

        // The browser goes away: the server's streams end, so stopping it does not wait for them.
        foreach (var s in streams)
            s.Dispose();
        var sw = Stopwatch.StartNew();
        await server.DisposeAsync();
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {sw.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>An EventSource-like reader: its own connection with the session's cookies, lines read as they arrive.</summary>
    private sealed class EventStream : IDisposable
    {
        private readonly HttpClient _client;
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private EventStream(HttpClient client, HttpResponseMessage response, StreamReader reader)
        {
            _client = client;
            _response = response;
            _reader = reader;
        }

        public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

        public string? CacheControl => _response.Headers.CacheControl?.ToString();

        public static async Task<EventStream> OpenAsync(OwaTestServer server, OwaSession session, string? lastEventId = null)
        {
            var client = new HttpClient(new SocketsHttpHandler
            {
                UseCookies = false,
                UseProxy = false,
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            })
            { Timeout = Timeout.InfiniteTimeSpan };
            var request = new HttpRequestMessage(HttpMethod.Get, server.Url("/owa/service/events"));
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", session.Browser.Cookies.Select(c => c.Key + "=" + c.Value)));
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (lastEventId is not null)
                request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return new EventStream(client, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<string> ReadUntilAsync(Func<string, bool> match, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (true)
            {
                var line = await _reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException("the event stream ended");
                if (match(line))
                    return line;
            }
        }

        /// <summary>The data of the next <c>change</c> event.</summary>
        public async Task<JsonElement> NextChangeAsync(TimeSpan timeout)
        {
            await ReadUntilAsync(l => l == "event: change", timeout);
            var data = await ReadUntilAsync(l => l.StartsWith("data: ", StringComparison.Ordinal), timeout);
            return JsonDocument.Parse(data["data: ".Length..]).RootElement.Clone();
        }

        public async Task<bool> EndsWithinAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                while (await _reader.ReadLineAsync(cts.Token) is not null)
                {
                }
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (HttpIOException)
            {
                return true;
            }
            catch (IOException)
            {
                return true;
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            _response.Dispose();
            _client.Dispose();
        }
    }
}
