using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Bourse.Core.Ids;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bourse.Owa.Events;

/// <summary>
/// <c>GET /owa/service/events</c> (docs/owa-api.md, Live updates): a Server-Sent Events stream (WHATWG HTML 9.2) with one
/// <c>change</c> event per committed change of the caller's mailbox, from the store's change notifications. A stream holds
/// no thread: it is a subscription feeding a small channel and an await on it, with a comment line every 25 s so that
/// proxies keep the connection open. It ends when the browser goes away or the server stops.
/// </summary>
internal static class OwaEventsEndpoints
{
    /// <summary>How often an idle stream sends a comment (<c>Bourse:Owa:EventsHeartbeatSeconds</c> overrides it).</summary>
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(25);

    // Changes waiting to be written; beyond this the oldest are dropped (the browser refreshes what it shows anyway).
    private const int MaxPending = 256;

    private static readonly byte[] Heartbeat = ": keep-alive\n\n"u8.ToArray();

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamAsync);
    }

    private static async Task StreamAsync(HttpContext context)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
        {
            await OwaErrors.NoMailbox().ExecuteAsync(context);
            return;
        }
        var services = context.RequestServices;
        var store = services.GetRequiredService<IMailStore>();
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var heartbeat = HeartbeatOf(services.GetService<IConfiguration>());
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);

        var channel = Channel.CreateBounded<MailboxChange>(new BoundedChannelOptions(MaxPending)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
        // Subscribed before anything is read, so no commit falls between the catch-up below and the stream.
        using var subscription = store.Notifications.Subscribe(mailbox, change => channel.Writer.TryWrite(change));

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            // retry: how long the browser's EventSource waits before reconnecting (WHATWG HTML 9.2.6).
            await WriteAsync(response, "retry: 5000\n: connected\n\n"u8.ToArray(), stop.Token);
            // A reconnecting EventSource sends the last id it saw; a change committed meanwhile is announced at once.
            if (long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var lastSeen) &&
                await store.GetMailboxAsync(mailbox, stop.Token) is { } info && info.LastChangeNumber > lastSeen)
            {
                await WriteAsync(response, Event(mailbox, new MailboxChange(mailbox, info.LastChangeNumber, [], HierarchyChanged: true)), stop.Token);
            }

            var reader = channel.Reader;
            while (!stop.IsCancellationRequested)
            {
                bool ready;
                using (var beat = new CancellationTokenSource(heartbeat, time))
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, beat.Token))
                {
                    try
                    {
                        ready = await reader.WaitToReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        await WriteAsync(response, Heartbeat, stop.Token);
                        continue;
                    }
                }
                if (!ready)
                    break;
                while (reader.TryRead(out var change))
                    await response.Body.WriteAsync(Event(mailbox, change), stop.Token);
                await response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away or the server is stopping: the stream simply ends.
        }
        catch (IOException)
        {
        }
    }

    private static async Task WriteAsync(HttpResponse response, byte[] bytes, CancellationToken ct)
    {
        await response.Body.WriteAsync(bytes, ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary><c>id</c>, <c>event: change</c> and one <c>data</c> line of JSON: the change number, the folders touched, whether the hierarchy changed.</summary>
    internal static byte[] Event(MailboxId mailbox, MailboxChange change)
    {
        var payload = new ChangeEvent(change.ChangeNumber, change.Folders.Select(f => StoreIds.Encode(mailbox, f)).Distinct().ToList(),
            change.HierarchyChanged);
        var json = JsonSerializer.Serialize(payload, OwaJson.Options);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {change.ChangeNumber}\nevent: change\ndata: {json}\n\n"));
    }

    private static TimeSpan HeartbeatOf(IConfiguration? configuration) =>
        double.TryParse(configuration?["Bourse:Owa:EventsHeartbeatSeconds"], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 3600
            ? TimeSpan.FromSeconds(s)
            : DefaultHeartbeat;

    private sealed record ChangeEvent(long ChangeNumber, IReadOnlyList<string> Folders, bool Hierarchy);
}
