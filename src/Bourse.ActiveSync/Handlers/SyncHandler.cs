using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Mailbox;
using Bourse.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// Sync (MS-ASCMD 2.2.1.21): the device's Adds, Changes, Deletes and Fetches are applied, then the folder's changes since
/// the device's key are sent in windows. Each key stands for a <see cref="CollectionState"/> in the store; the answer to
/// key N is computed from state N alone (and what the request that produced N + 1 already did), so a device that lost an
/// answer and sends N again gets the same items and the same ServerIds for its Adds, without anything done twice.
/// Empty and partial requests reuse the last request, cached per device in the store; a request with nothing to report
/// is answered empty, or held for Wait / HeartbeatInterval as an await on the store's notifications.
/// </summary>
internal sealed partial class SyncHandler(
    IMailStore store,
    MailboxOperations operations,
    EasStateStore state,
    IOptions<ActiveSyncOptions> options,
    TimeProvider time,
    ILogger<SyncHandler> log) : IEasCommandHandler
{
    private const string Ns = "AirSync";

    /// The device value holding the last Sync request (EasStateStore.DeviceValueKey).
    internal const string CacheName = "sync";

    /// MS-ASCMD 2.2.3.199: without a WindowSize the server sends up to 100 changes per collection.
    internal const int DefaultWindowSize = 100;

    /// Most collections one request may name (MS-ASCMD 2.2.3.177.17 Status 15 above it).
    internal const int MaxCollections = 1000;

    private readonly CollectionStateStore _states = new(state);

    public EasCommand Command => EasCommand.Sync;

    // MS-ASCMD 2.2.1.21.1: an empty Sync request stands for the cached one.
    public bool AllowsEmptyBody => true;

    /// The Sync requests this process holds (for supersession; also read by tests).
    internal SyncWaiters Held { get; } = new();

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        // A device has one Sync outstanding: a new one ends the request it still has held.
        var ticket = Held.Arrive(context.Mailbox, context.DeviceKey);
        var o = options.Value;
        var cacheKey = EasStateStore.DeviceValueKey(context.DeviceKey, CacheName);

        byte[]? cachedBytes = null;
        var cacheRead = false;
        async ValueTask<SyncRequest?> CachedAsync()
        {
            cachedBytes = await state.GetAsync(context.Mailbox, cacheKey, ct).ConfigureAwait(false);
            cacheRead = true;
            return cachedBytes is null || WbxmlDecoder.Decode(cachedBytes).Root is not { } root ? null : SyncRequest.Parse(root);
        }

        SyncRequest request;
        if (context.Request is null)
        {
            // MS-ASCMD 2.2.1.21.1: an empty request is the cached one; without a cache, Status 13 asks for the full request.
            if (await CachedAsync().ConfigureAwait(false) is not { } cached)
                return TopStatus(SyncStatus.IncompleteRequest);
            request = cached;
        }
        else
        {
            request = SyncRequest.Parse(context.Request);
            if (request.Partial || request.Collections.Count == 0)
            {
                // MS-ASCMD 2.2.3.131: the collections not named keep the cached request's settings and keys.
                var cached = await CachedAsync().ConfigureAwait(false);
                if (cached is null && request.Collections.Count == 0)
                    return TopStatus(SyncStatus.IncompleteRequest);
                if (cached is not null)
                    request = request.MergeInto(cached);
            }
        }

        // MS-ASCMD 2.2.3.198 / 2.2.3.88.2: Wait and HeartbeatInterval together are a protocol error (Status 4).
        if (request.Malformed || (request.Wait is not null && request.HeartbeatInterval is not null) ||
            request.Collections.Select(c => c.CollectionId).Distinct(StringComparer.Ordinal).Count() != request.Collections.Count)
            return TopStatus(SyncStatus.ProtocolError);
        if (request.Collections.Count > MaxCollections)
            return TopStatus(SyncStatus.TooManyCollections);

        TimeSpan? hold = null;
        if (request.Wait is { } wait)
        {
            // MS-ASCMD 2.2.3.198: Wait is in minutes; out of bounds gets Status 14 and the Limit in the same unit.
            // Compared in 64 bits: a huge Wait must not wrap around into the allowed range.
            var seconds = (long)wait * 60;
            if (seconds < o.MinHeartbeatSeconds || seconds > o.MaxHeartbeatSeconds)
                return Limit(seconds < o.MinHeartbeatSeconds ? (o.MinHeartbeatSeconds + 59) / 60 : o.MaxHeartbeatSeconds / 60);
            hold = TimeSpan.FromMinutes(wait);
        }
        else if (request.HeartbeatInterval is { } heartbeat)
        {
            // MS-ASCMD 2.2.3.88.2: seconds, bounds implementation-specific (ActiveSyncOptions).
            if (heartbeat < o.MinHeartbeatSeconds || heartbeat > o.MaxHeartbeatSeconds)
                return Limit(heartbeat < o.MinHeartbeatSeconds ? o.MinHeartbeatSeconds : o.MaxHeartbeatSeconds);
            hold = TimeSpan.FromSeconds(heartbeat);
        }

        SyncPass pass;
        using (await Held.EnterPassAsync(context.Mailbox, context.DeviceKey, ct).ConfigureAwait(false))
        {
            pass = await RunAsync(context, request, o, ct).ConfigureAwait(false);
            // Saved now (also before holding: an empty request that supersedes this one needs the cache).
            await SaveCacheAsync(context, cacheKey, request, pass.Keys, cacheRead, cachedBytes, ct).ConfigureAwait(false);
        }

        if (!pass.HasContent && hold is { } interval && !request.HasCommands)
        {
            var held = await HoldAsync(context, ticket, request, pass, interval, o, ct).ConfigureAwait(false);
            if (held is null)
                return EasResult.EmptyOk;
            pass = held;
        }

        if (!pass.HasContent)
        {
            // MS-ASCMD 2.2.1.21.2: nothing to report in any collection — an empty response.
            return EasResult.EmptyOk;
        }

        var collections = new WbxmlElement(Ns, "Collections");
        foreach (var element in pass.Elements)
            collections.Add(element);
        return new EasResult.Document(new WbxmlElement(Ns, "Sync", collections));
    }

    /// One pass over the request's collections. Nothing is written for a collection that has nothing to report.
    private async ValueTask<SyncPass> RunAsync(EasRequestContext context, SyncRequest request, ActiveSyncOptions o, CancellationToken ct)
    {
        var pass = new SyncPass(context.Mailbox);
        // MS-ASCMD 2.2.3.199: the request-wide WindowSize bounds the changes of all collections together.
        var budget = request.WindowSize is { } total ? Window(total, o) : int.MaxValue;
        foreach (var collection in request.Collections)
        {
            var outcome = await ProcessAsync(context, pass, collection, budget, o, ct).ConfigureAwait(false);
            budget -= outcome.Sent;
            pass.Keys[collection.CollectionId!] = outcome.Key;
            if (outcome.Element is { } element)
                pass.Elements.Add(element);
            if (outcome.Folder is { } folder)
                pass.Watched.Add(folder);
            if (outcome.MailboxChangeNumber is { } seen)
                pass.MailboxChangeNumber = Math.Min(pass.MailboxChangeNumber, seen);
        }

        return pass;
    }

    /// <summary>
    /// Holds a request that had nothing to report until a change in one of its folders gives it something, the interval
    /// passes (null: answer empty), the device sends another Sync (null) or goes away (cancelled).
    /// </summary>
    private async ValueTask<SyncPass?> HoldAsync(EasRequestContext context, long ticket, SyncRequest request, SyncPass first, TimeSpan interval, ActiveSyncOptions o, CancellationToken ct)
    {
        var mailbox = context.Mailbox;
        var after = first.MailboxChangeNumber;
        if (after == long.MaxValue)
            after = (await store.GetMailboxAsync(mailbox, ct).ConfigureAwait(false))?.LastChangeNumber ?? 0;
        var watched = first.Watched;
        using var held = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Held.Enter(mailbox, context.DeviceKey, ticket, held);
        try
        {
            if (!Held.IsLatest(mailbox, context.DeviceKey, ticket))
                return null;
            var deadline = time.GetUtcNow() + interval;
            while (true)
            {
                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                    return null;
                var change = await operations.WaitForNextChangeAsync(mailbox, after, remaining, held.Token).ConfigureAwait(false);
                if (change is null)
                    return null;
                after = Math.Max(after, change.ChangeNumber);
                // A change elsewhere in the mailbox does not concern this request (an empty folder list means "unknown").
                if (change.Folders.Count > 0 && !change.Folders.Any(watched.Contains))
                    continue;
                using (await Held.EnterPassAsync(mailbox, context.DeviceKey, held.Token).ConfigureAwait(false))
                {
                    if (!Held.IsLatest(mailbox, context.DeviceKey, ticket))
                        return null;
                    // Run to the end even if a newer request arrives meanwhile (it waits for this pass): a half-done pass
                    // would be a lost answer, which the device's retry of its key recovers, but needlessly.
                    var pass = await RunAsync(context, request, o, ct).ConfigureAwait(false);
                    if (pass.HasContent)
                    {
                        // The keys moved on: the cache follows them.
                        await SaveCacheAsync(context, EasStateStore.DeviceValueKey(context.DeviceKey, CacheName), request, pass.Keys, false, null, ct)
                            .ConfigureAwait(false);
                        return pass;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Superseded by the device's next Sync: nothing was written, the answer is empty.
            return null;
        }
        finally
        {
            Held.Leave(mailbox, context.DeviceKey, ticket, held);
        }
    }

    /// The largest request kept for empty and partial requests; real ones are a few hundred bytes per collection.
    private const int MaxCachedRequestBytes = 1024 * 1024;

    /// Stores the request for later empty and partial requests when it differs from what is stored.
    private async ValueTask SaveCacheAsync(EasRequestContext context, string cacheKey, SyncRequest request, Dictionary<string, string> keys,
        bool cacheRead, byte[]? cachedBytes, CancellationToken ct)
    {
        var bytes = WbxmlEncoder.Encode(SyncRequest.ToCache(request, keys));
        if (!cacheRead)
            cachedBytes = await state.GetAsync(context.Mailbox, cacheKey, ct).ConfigureAwait(false);
        // A request too large to keep (megabytes of text no device sends) is answered but not cached: a later empty or
        // partial request then gets Status 13 and the device sends its full request again.
        if (bytes.Length > MaxCachedRequestBytes)
        {
            if (cachedBytes is not null || !cacheRead)
                await state.SetAsync(context.Mailbox, cacheKey, null, ct).ConfigureAwait(false);
            return;
        }

        if (cachedBytes is null || !cachedBytes.AsSpan().SequenceEqual(bytes))
            await state.SetAsync(context.Mailbox, cacheKey, bytes, ct).ConfigureAwait(false);
    }

    /// MS-ASCMD 2.2.3.199: 0 and values above 512 mean 512; then the server's own cap.
    internal static int Window(int? asked, ActiveSyncOptions o)
    {
        var window = asked switch
        {
            null => DefaultWindowSize,
            <= 0 or > 512 => 512,
            { } n => n,
        };
        return Math.Min(window, o.MaxWindowSize);
    }

    private static EasResult TopStatus(int status) =>
        new EasResult.Document(new WbxmlElement(Ns, "Sync", Status(status)));

    /// MS-ASCMD 2.2.3.97: Status 14 with the limit that was crossed.
    private static EasResult Limit(int limit) => new EasResult.Document(new WbxmlElement(Ns, "Sync",
        Status(SyncStatus.InvalidWaitOrHeartbeat), new WbxmlElement(Ns, "Limit", limit.ToString(CultureInfo.InvariantCulture))));

    private static WbxmlElement Status(int status) => new(Ns, "Status", status.ToString(CultureInfo.InvariantCulture));

    /// What one pass over the collections produced, and what its collections share.
    private sealed class SyncPass(MailboxId mailbox)
    {
        internal MailboxId Mailbox { get; } = mailbox;

        /// The folders read during the pass (a collection's ancestors are shared), by id; null for one that does not exist.
        internal Dictionary<FolderId, Folder?> Folders { get; } = [];

        /// The mailbox's change number as read during this pass (null: not read yet, or stale after a collection's commands).
        internal long? MailboxChangeNumberNow { get; set; }

        internal List<WbxmlElement> Elements { get; } = [];

        /// The key each collection ends on (the new one, or the one it came with).
        internal Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

        internal HashSet<FolderId> Watched { get; } = [];

        /// The lowest mailbox change number the collections' reads saw (a wait starts after it).
        internal long MailboxChangeNumber { get; set; } = long.MaxValue;

        internal bool HasContent => Elements.Count > 0;
    }

    [LoggerMessage(EventId = 5120, Level = LogLevel.Information, Message = "ActiveSync Sync from {DeviceId}: collection {CollectionId} key {SyncKey} unknown")]
    private static partial void LogUnknownKey(ILogger logger, string deviceId, string collectionId, string syncKey);

    [LoggerMessage(EventId = 5121, Level = LogLevel.Information, Message = "ActiveSync Sync from {DeviceId}: FilterType of collection {CollectionId} changed from {Old} to {New}; the device resyncs")]
    private static partial void LogFilterChanged(ILogger logger, string deviceId, string collectionId, int old, int @new);

    [LoggerMessage(EventId = 5122, Level = LogLevel.Information, Message = "ActiveSync Sync from {DeviceId}: {Command} in collection {CollectionId} refused ({Reason} at {Element})")]
    private static partial void LogParseFailed(ILogger logger, string deviceId, string command, string collectionId, string reason, string? element);
}
