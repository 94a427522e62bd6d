using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// Ping (MS-ASCMD 2.2.1.13, "Direct Push"): holds the request until an item changes in one of the watched folders
/// (Status 2 naming them) or the heartbeat passes (Status 1). The folder set and heartbeat are cached in the store per device
/// (MS-ASCMD 3.1.5.8), so an empty Ping continues on any node. Changes the device has not synced yet answer at once. A held
/// Ping is a subscription to the store's notifier, a task and a timer — no thread — and ends when the client goes away or
/// the same device sends another Ping.
/// </summary>
internal sealed class PingHandler(IMailStore store, EasStateStore state, IOptions<ActiveSyncOptions> options, TimeProvider time, IServiceProvider services)
    : IEasCommandHandler
{
    private const string Ns = "Ping";
    internal const string StateName = "ping";

    private ICollectionSyncPosition? _positions;
    private bool _positionsResolved;

    public EasCommand Command => EasCommand.Ping;

    // MS-ASCMD 2.2.1.13: a Ping may have no body; the cached request is used.
    public bool AllowsEmptyBody => true;

    /// The Pings this process holds (for supersession; also read by diagnostics and tests).
    internal PingRegistry Held { get; } = new();

    // Two steps, and no frame of this method: what the request was made of (the request context with its user, device and
    // decoded body; the cached state's bytes) is let go once the Ping is prepared, and only the resolved folders, the
    // heartbeat, the mailbox and the device key are kept while it is held.
    public ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct) =>
        HoldAsync(PrepareAsync(context, ct), context.Mailbox, context.DeviceKey, ct);

    /// The answer when the request is refused, else the folders to watch and for how long.
    private async ValueTask<(EasResult? Answer, WatchedFolder[]? Watched, TimeSpan Heartbeat)> PrepareAsync(EasRequestContext context, CancellationToken ct)
    {
        var o = options.Value;
        if (PingRequest.Parse(context.Request) is not { } request)
            return (Status(PingStatus.SyntaxError), null, default);

        // MS-ASCMD 2.2.3.88.1: out of range gets Status 5 and the limit that was crossed.
        if (request.HeartbeatSeconds is { } asked && (asked < o.MinHeartbeatSeconds || asked > o.MaxHeartbeatSeconds))
        {
            var limit = asked < o.MinHeartbeatSeconds ? o.MinHeartbeatSeconds : o.MaxHeartbeatSeconds;
            return (Document(new WbxmlElement(Ns, "Ping", StatusElement(PingStatus.HeartbeatOutOfRange), Number("HeartbeatInterval", limit))), null, default);
        }

        if (request.FolderCount > o.MaxPingFolders)
            return (TooManyFolders(o.MaxPingFolders), null, default);

        var key = EasStateStore.DeviceValueKey(context.DeviceKey, StateName);
        var saved = await state.GetAsync(context.Mailbox, key, ct).ConfigureAwait(false);
        var cached = saved is null ? null : PingState.Read(saved);
        var heartbeat = (int?)request.HeartbeatSeconds ?? cached?.HeartbeatSeconds;
        var folders = request.Folders ?? cached?.Folders;
        // MS-ASCMD 2.2.3.177.11: Status 3 when a parameter is missing and nothing was cached for it.
        if (heartbeat is null || folders is null)
            return (Status(PingStatus.MissingParameters), null, default);
        if (folders.Count > o.MaxPingFolders)
            return (TooManyFolders(o.MaxPingFolders), null, default);

        var watched = await ResolveAsync(context.Mailbox, folders, ct).ConfigureAwait(false);
        // MS-ASCMD 2.2.3.177.11: Status 7 — a folder the hierarchy does not have; the device runs FolderSync first.
        if (watched is null)
            return (Status(PingStatus.HierarchySyncRequired), null, default);

        var current = new PingState(heartbeat.Value, folders);
        if (cached is null || !cached.SameAs(current))
            await state.SetAsync(context.Mailbox, key, current.Write(), ct).ConfigureAwait(false);

        // The cached heartbeat may predate a change of the configured bounds.
        var seconds = Math.Clamp(heartbeat.Value, o.MinHeartbeatSeconds, o.MaxHeartbeatSeconds);
        return (null, watched, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>
    /// The watched folders as store ids, or null when one is not in the hierarchy the device sees (FolderView: below the IPM
    /// subtree, ServerId the id's canonical decimal). Each is looked up with its ancestors only, not the whole hierarchy: what
    /// a Ping allocates while 15,000 others are in flight lives long enough to be promoted, so it is kept small.
    /// </summary>
    private async ValueTask<WatchedFolder[]?> ResolveAsync(MailboxId mailbox, IReadOnlyList<PingFolder> folders, CancellationToken ct)
    {
        var watched = new WatchedFolder[folders.Count];
        for (var i = 0; i < folders.Count; i++)
        {
            var text = folders[i].Id;
            if (!FolderView.TryParseServerId(text, out var id) || FolderView.ServerId(id) != text || !await IsVisibleAsync(mailbox, id, ct).ConfigureAwait(false))
                return null;
            watched[i] = new WatchedFolder(id, text);
        }

        return watched;
    }

    /// True when the folder exists and lies below the IPM subtree (the subtree itself is the device's root, not a folder).
    private async ValueTask<bool> IsVisibleAsync(MailboxId mailbox, FolderId id, CancellationToken ct)
    {
        FolderId? current = id;
        for (var depth = 0; depth < 64 && current is { } c; depth++)
        {
            var folder = await store.GetFolderAsync(mailbox, c, ct).ConfigureAwait(false);
            if (folder is null)
                return false;
            if (folder.WellKnown == WellKnownFolder.IpmSubtree)
                return depth > 0;
            current = folder.ParentId;
        }

        return false;
    }

    private async ValueTask<EasResult> HoldAsync(ValueTask<(EasResult? Answer, WatchedFolder[]? Watched, TimeSpan Heartbeat)> preparing, MailboxId mailbox,
        string deviceKey, CancellationToken ct)
    {
        var (answer, prepared, heartbeat) = await preparing.ConfigureAwait(false);
        if (answer is not null)
            return answer;
        var watched = prepared!;
        var waiter = new PingWaiter(Array.ConvertAll(watched, w => w.Id));
        using var ping = new CancellationTokenSource(heartbeat, time);
        using var aborted = ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), ping);
        using var ended = ping.Token.UnsafeRegister(static s => ((PingWaiter)s!).End(), waiter);
        Held.Enter(mailbox, deviceKey, ping);
        try
        {
            var token = ping.Token;
            // Subscribed before the baseline is read: a commit after it is seen by the waiter, one before it is in the
            // baseline (and, when the device has not synced it, found by the check below).
            using var subscription = store.Notifications.Subscribe(mailbox, waiter.OnChange);
            var after = (await store.GetMailboxAsync(mailbox, token).ConfigureAwait(false))?.LastChangeNumber ?? 0;
            var changed = await UnsyncedAsync(mailbox, deviceKey, watched, token).ConfigureAwait(false);
            while (changed.Count == 0)
            {
                if (!await waiter.WaitAsync().ConfigureAwait(false))
                {
                    ct.ThrowIfCancellationRequested();
                    // MS-ASCMD 2.2.3.177.11: Status 1, the heartbeat expired without a change. A Ping superseded by a newer
                    // one of the same device gets the same answer: nothing to report, the device already waits on its new Ping.
                    return Status(PingStatus.HeartbeatExpired);
                }

                var (hits, hierarchy) = waiter.Take();
                if (hierarchy && !await StillVisibleAsync(mailbox, watched, token).ConfigureAwait(false))
                    return Status(PingStatus.HierarchySyncRequired);
                // A touched folder counts when an item entered, changed or left it (not for a rename of the folder itself).
                changed = await ChangedSinceAsync(mailbox, watched, hits, after, token).ConfigureAwait(false);
            }

            var list = new WbxmlElement(Ns, "Folders");
            foreach (var f in changed)
                list.Add(new WbxmlElement(Ns, "Folder", f.ServerId));
            return Document(new WbxmlElement(Ns, "Ping", StatusElement(PingStatus.Changes), list));
        }
        catch (OperationCanceledException) when (ping.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The heartbeat passed (or a newer Ping took over) while the store was being read.
            return Status(PingStatus.HeartbeatExpired);
        }
        finally
        {
            Held.Leave(mailbox, deviceKey, ping);
        }
    }

    /// MS-ASCMD 3.1.5.8: what counts is measured against the last SyncKey the device got, so a change it has not synced yet
    /// answers at once. A folder the device never synced has no position and is watched from now on.
    private async ValueTask<List<WatchedFolder>> UnsyncedAsync(MailboxId mailbox, string deviceKey, WatchedFolder[] watched, CancellationToken ct)
    {
        var changed = new List<WatchedFolder>();
        if (Positions is not { } positions)
            return changed;
        foreach (var f in watched)
        {
            if (await positions.GetLastChangeNumberAsync(mailbox, deviceKey, f.ServerId, ct).ConfigureAwait(false) is { } synced
                && await HasChangesAsync(mailbox, f.Id, synced, ct).ConfigureAwait(false))
            {
                changed.Add(f);
            }
        }

        return changed;
    }

    private async ValueTask<List<WatchedFolder>> ChangedSinceAsync(MailboxId mailbox, WatchedFolder[] watched, List<int> touched, long after, CancellationToken ct)
    {
        var changed = new List<WatchedFolder>();
        foreach (var i in touched)
        {
            if (await HasChangesAsync(mailbox, watched[i].Id, after, ct).ConfigureAwait(false))
                changed.Add(watched[i]);
        }

        return changed;
    }

    /// An item entered, changed in or left the folder after the change number (a rename of the folder itself is not one).
    private async ValueTask<bool> HasChangesAsync(MailboxId mailbox, FolderId folder, long after, CancellationToken ct) =>
        (await store.GetChangesAsync(mailbox, new ChangeQuery(after) { Folder = folder, MaxChanges = 1 }, ct).ConfigureAwait(false)).Changes.Count > 0;

    private async ValueTask<bool> StillVisibleAsync(MailboxId mailbox, WatchedFolder[] watched, CancellationToken ct)
    {
        foreach (var w in watched)
        {
            if (!await IsVisibleAsync(mailbox, w.Id, ct).ConfigureAwait(false))
                return false;
        }

        return true;
    }

    /// <summary>
    /// The Sync handler's record of where each device stands, when there is one: registered on its own, or the Sync handler
    /// itself (handlers are registered only as <see cref="IEasCommandHandler"/>). Resolved on first use, so it does not matter
    /// which singleton is built first.
    /// </summary>
    private ICollectionSyncPosition? Positions
    {
        get
        {
            if (Volatile.Read(ref _positionsResolved))
                return _positions;
            _positions = services.GetServices<ICollectionSyncPosition>().FirstOrDefault()
                         ?? services.GetServices<IEasCommandHandler>().OfType<ICollectionSyncPosition>().FirstOrDefault();
            Volatile.Write(ref _positionsResolved, true);
            return _positions;
        }
    }

    private static EasResult TooManyFolders(int max) =>
        // MS-ASCMD 2.2.3.102: Status 6 carries MaxFolders, the most a Ping may watch.
        Document(new WbxmlElement(Ns, "Ping", StatusElement(PingStatus.TooManyFolders), Number("MaxFolders", max)));

    private static EasResult Status(int status) => Document(new WbxmlElement(Ns, "Ping", StatusElement(status)));

    private static WbxmlElement StatusElement(int status) => Number("Status", status);

    private static WbxmlElement Number(string name, int value) => new(Ns, name, value.ToString(CultureInfo.InvariantCulture));

    private static EasResult.Document Document(WbxmlElement root) => new(root);

    private sealed record WatchedFolder(FolderId Id, string ServerId);

    /// MS-ASCMD 2.2.3.177.11: Ping Status values.
    internal static class PingStatus
    {
        internal const int HeartbeatExpired = 1;
        internal const int Changes = 2;
        internal const int MissingParameters = 3;
        internal const int SyntaxError = 4;
        internal const int HeartbeatOutOfRange = 5;
        internal const int TooManyFolders = 6;
        internal const int HierarchySyncRequired = 7;
    }
}
