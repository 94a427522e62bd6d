using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.State;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

internal sealed partial class SyncHandler
{
    /// Changes read from the store per request and collection at most, sent or skipped (a filtered folder can have many
    /// changes outside the window): past it the device gets MoreAvailable and comes back.
    private const int MaxScannedChanges = 5000;

    /// What one collection of a pass produced: its response element (null when it has nothing to report), the key it
    /// ends on, how many changes it sent (against the request-wide window) and what a wait would watch.
    private readonly record struct CollectionOutcome(WbxmlElement? Element, string Key, int Sent, FolderId? Folder, long? MailboxChangeNumber);

    private async ValueTask<CollectionOutcome> ProcessAsync(EasRequestContext context, SyncPass pass, SyncCollectionRequest c, int budget,
        ActiveSyncOptions o, CancellationToken ct)
    {
        var mailbox = context.Mailbox;
        var device = context.DeviceKey;
        var id = c.CollectionId!;
        var sentKey = c.SyncKey!;
        if (await ResolveFolderAsync(pass, id, ct).ConfigureAwait(false) is not { } folder ||
            EasClasses.FromContainerClass(folder.ContainerClass) is not { } cls)
        {
            // MS-ASCMD 2.2.3.177.17: 12 when a collection the device synced is gone (it runs FolderSync), 8 for a
            // collection the mailbox never had (or one of a class ActiveSync does not sync).
            var known = !c.IsInitial && await _states.ExistsAsync(mailbox, device, id, ct).ConfigureAwait(false);
            return Failed(c, known ? SyncStatus.FolderHierarchyChanged : SyncStatus.ObjectNotFound);
        }

        var filterType = SyncChangeFilter.Effective(cls, c.FilterType);
        if (c.IsInitial)
        {
            // MS-ASCMD 2.2.3.181.4: SyncKey 0 starts the collection over: its states go, key 1 has no items yet and the
            // device asks for them with key 1 (commands sent with key 0 have nothing to apply to).
            await _states.ResetAsync(mailbox, device, id, CollectionState.Initial(cls, filterType, SupportedElements.FromSupported(c.Supported).Names), ct)
                .ConfigureAwait(false);
            return new CollectionOutcome(Collection("1", id, SyncStatus.Success, cls: ClassFor(context, cls)), "1", 0, folder.Id, null);
        }

        if (!long.TryParse(sentKey, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ||
            await _states.LoadAsync(mailbox, device, id, key, ct).ConfigureAwait(false) is not { } current)
        {
            // MS-ASCMD 2.2.3.177.17: 3, invalid or mismatched synchronization key — another device's, an old one, garbage.
            LogUnknownKey(log, context.Device.DeviceId, id, sentKey.Length > 40 ? sentKey[..40] : sentKey);
            return Failed(c, SyncStatus.InvalidSyncKey);
        }

        if (current.FilterType != filterType)
        {
            // A new date window changes which items the device should hold; it syncs the collection again (Status 3).
            LogFilterChanged(log, context.Device.DeviceId, id, current.FilterType, filterType);
            return Failed(c, SyncStatus.InvalidSyncKey);
        }

        var render = c.RenderOptions(context.Version);
        var scope = new CollectionScope(this, mailbox, device, folder, cls, render, current, current.Next(), c);
        var responses = new WbxmlElement(Ns, "Responses");
        if (c.Commands.Count > 0)
        {
            await scope.ProducedAsync(ct).ConfigureAwait(false);
            if (!await scope.ItemsAsync(ct).ConfigureAwait(false))
                return Failed(c, SyncStatus.InvalidSyncKey);
            await ApplyCommandsAsync(context, scope, responses, ct).ConfigureAwait(false);
            pass.MailboxChangeNumberNow = null;
        }

        var work = scope.Work;
        var commands = new WbxmlElement(Ns, "Commands");
        var more = false;
        long? seen = null;
        var window = Math.Min(Window(c.WindowSize, o), budget);
        if (c.WantsChanges)
        {
            var cutoff = SyncChangeFilter.Cutoff(cls, filterType, time.GetUtcNow().UtcDateTime);
            pass.MailboxChangeNumberNow ??= (await store.GetMailboxAsync(mailbox, ct).ConfigureAwait(false))?.LastChangeNumber ?? 0;
            // Nothing happened in the whole mailbox since the device's position, and nothing it holds can have left the
            // window: no folder read is needed (the common quiet round).
            var quiet = pass.MailboxChangeNumberNow <= work.ChangeNumber &&
                        (cutoff is null || work.OldestItemMinutes == 0 || work.OldestItemMinutes >= CollectionState.FilterMinutes(cutoff));
            if (quiet)
            {
                seen = pass.MailboxChangeNumberNow;
            }
            else if (window > 0)
            {
                var collected = await CollectChangesAsync(scope, window, cutoff, commands, ct).ConfigureAwait(false);
                if (collected is not { } result)
                    return Failed(c, SyncStatus.InvalidSyncKey);
                (more, seen) = result;
            }
            else
            {
                // The request-wide window is spent: tell the device to come back if this folder has anything.
                var pending = await store.GetChangesAsync(mailbox, new ChangeQuery(work.ChangeNumber) { Folder = folder.Id, MaxChanges = 1 }, ct).ConfigureAwait(false);
                more = pending.Changes.Count > 0;
            }
        }

        work.PruneOwnChanges(current.ChangeNumber);
        var changed = c.Commands.Count > 0 || commands.Children.Count > 0 || work.ChangeNumber != current.ChangeNumber;
        if (!changed)
        {
            // Nothing new: the device keeps its key (and the collection stays out of the response unless there is more).
            var element = more ? Collection(sentKey, id, SyncStatus.Success, more: true, ClassFor(context, cls)) : null;
            return new CollectionOutcome(element, sentKey, 0, folder.Id, seen);
        }

        if (!await scope.ItemsAsync(ct).ConfigureAwait(false))
            return Failed(c, SyncStatus.InvalidSyncKey);
        var newKey = key + 1;
        await _states.SaveAsync(mailbox, device, id, newKey, work, ct).ConfigureAwait(false);
        var text = newKey.ToString(CultureInfo.InvariantCulture);
        var response = Collection(text, id, SyncStatus.Success, more, ClassFor(context, cls));
        if (commands.Children.Count > 0)
            response.Add(commands);
        if (responses.Children.Count > 0)
            response.Add(responses);
        return new CollectionOutcome(response, text, commands.Children.Count, folder.Id, seen);
    }

    /// <summary>
    /// The folder a CollectionId names when the device can see it: it exists and lies under the IPM subtree (as in
    /// FolderSync). Ancestors are read once per pass.
    /// </summary>
    private async ValueTask<FolderView.EasFolder?> ResolveFolderAsync(SyncPass pass, string collectionId, CancellationToken ct)
    {
        if (!FolderView.TryParseServerId(collectionId, out var id))
            return null;
        async ValueTask<Folder?> Get(FolderId f)
        {
            if (!pass.Folders.TryGetValue(f, out var folder))
                pass.Folders[f] = folder = await store.GetFolderAsync(pass.Mailbox, f, ct).ConfigureAwait(false);
            return folder;
        }

        var target = await Get(id).ConfigureAwait(false);
        if (target is null || target.WellKnown == WellKnownFolder.IpmSubtree)
            return null;
        var parent = target.ParentId;
        for (var depth = 0; parent is { } p && depth < 64; depth++)
        {
            var ancestor = await Get(p).ConfigureAwait(false);
            if (ancestor is null)
                return null;
            if (ancestor.WellKnown == WellKnownFolder.IpmSubtree)
            {
                return new FolderView.EasFolder(target.Id, collectionId, FolderView.ServerId(p), target.DisplayName, FolderView.TypeOf(target),
                    target.ContainerClass);
            }

            parent = ancestor.ParentId;
        }

        return null;
    }

    /// <summary>
    /// Reads the folder's changes after the device's position and turns them into Add / Change / Delete / SoftDelete
    /// until the window is full. Returns whether more remain and the mailbox change number the last read saw (when it
    /// reached the end). On a retry the position stops where the lost answer stopped, so the same items are sent again.
    /// </summary>
    private async ValueTask<(bool More, long? Seen)?> CollectChangesAsync(CollectionScope scope, int window, DateTime? cutoff,
        WbxmlElement commands, CancellationToken ct)
    {
        var work = scope.Work;
        var sent = 0;

        // MS-ASCMD 2.2.3.172: items the device holds that time has moved out of the FilterType window are soft-deleted.
        // (The item list is read only when its oldest date says one may have.)
        var aged = cutoff is { } cut && work.OldestItemMinutes != 0 && work.OldestItemMinutes < CollectionState.FilterMinutes(cut);
        if (aged && !await scope.ItemsAsync(ct).ConfigureAwait(false))
            return null;
        foreach (var stale in aged ? SyncChangeFilter.OutOfWindow(work, cutoff).Order().ToList() : [])
        {
            if (sent >= window)
                return (true, null);
            commands.Add(new WbxmlElement(Ns, "SoftDelete", ServerIdElement(scope, stale)));
            work.Items.Remove(stale);
            sent++;
        }

        // Items rendered in this answer, with the change number they were rendered at: a later change of the same item
        // read in the same answer is already in it.
        Dictionary<long, long>? rendered = null;
        var scanned = 0;
        while (sent < window)
        {
            var set = await store.GetChangesAsync(scope.Mailbox, new ChangeQuery(work.ChangeNumber)
            {
                Folder = scope.Folder,
                MaxChanges = window - sent,
            }, ct).ConfigureAwait(false);
            if (set.Changes.Count > 0 && !await scope.ItemsAsync(ct).ConfigureAwait(false))
                return null;
            // On a retry, the answer stops where the lost one stopped (the position of the key it produced).
            var bound = set.Changes.Count > 0 ? (await scope.ProducedAsync(ct).ConfigureAwait(false))?.ChangeNumber : null;
            foreach (var change in set.Changes)
            {
                if (bound is { } b && change.ChangeNumber > b)
                {
                    work.ChangeNumber = b;
                    return (true, null);
                }

                scanned++;
                work.ChangeNumber = change.ChangeNumber;
                var action = SyncChangeFilter.Classify(change, work, scope.Class, cutoff, out var maybe);
                if (action is SyncChangeFilter.Action.Add or SyncChangeFilter.Action.Change || maybe)
                {
                    if (rendered is not null && rendered.TryGetValue(change.Item.Value, out var at) && change.ChangeNumber <= at)
                        continue;
                    var item = await store.GetItemAsync(scope.Mailbox, change.Item, ct).ConfigureAwait(false);
                    if (item is null || item.FolderId != scope.Folder)
                    {
                        // Gone since the read: if the device has it, its deletion comes with the next read.
                        continue;
                    }

                    var has = work.Items.ContainsKey(item.Id.Value);
                    if (maybe)
                    {
                        // A calendar item ended before the window: a recurring series stays, anything else is out.
                        if (SyncChangeFilter.FilterMinutes(scope.Class, item, change.Summary) != 0)
                        {
                            if (action == SyncChangeFilter.Action.SoftDelete)
                            {
                                commands.Add(new WbxmlElement(Ns, "SoftDelete", ServerIdElement(scope, item.Id.Value)));
                                work.Items.Remove(item.Id.Value);
                                sent++;
                            }

                            continue;
                        }

                        action = has ? SyncChangeFilter.Action.Change : SyncChangeFilter.Action.Add;
                    }

                    var data = action == SyncChangeFilter.Action.Add
                        ? await ItemRenderer.RenderAsync(item, scope.Class, scope.Render, OpenMime(scope.Mailbox, item.Id), ct).ConfigureAwait(false)
                        : await ItemRenderer.RenderChangeAsync(item, scope.Class, scope.Render, OpenMime(scope.Mailbox, item.Id), ct).ConfigureAwait(false);
                    commands.Add(new WbxmlElement(Ns, action == SyncChangeFilter.Action.Add ? "Add" : "Change", ServerIdElement(scope, item.Id.Value), data));
                    work.Items[item.Id.Value] = SyncChangeFilter.FilterMinutes(scope.Class, item, change.Summary);
                    (rendered ??= [])[item.Id.Value] = item.ChangeNumber;
                    sent++;
                }
                else if (action == SyncChangeFilter.Action.Delete)
                {
                    commands.Add(new WbxmlElement(Ns, "Delete", ServerIdElement(scope, change.Item.Value)));
                    work.Items.Remove(change.Item.Value);
                    sent++;
                }
                else if (action == SyncChangeFilter.Action.SoftDelete)
                {
                    commands.Add(new WbxmlElement(Ns, "SoftDelete", ServerIdElement(scope, change.Item.Value)));
                    work.Items.Remove(change.Item.Value);
                    sent++;
                }
            }

            if (!set.MoreAvailable)
            {
                // The end of the folder's changes: the position moves to what the read saw of the whole mailbox (bounded on
                // a retry), but only when there was something, so unrelated mail elsewhere does not cost the device a key.
                if (set.Changes.Count > 0)
                    work.ChangeNumber = bound is { } limit ? Math.Min(set.HighestChangeNumber, limit) : set.HighestChangeNumber;
                return (false, set.HighestChangeNumber);
            }

            if (scanned >= MaxScannedChanges)
                return (true, null);
        }

        return (true, null);
    }

    private Func<CancellationToken, ValueTask<Stream?>> OpenMime(MailboxId mailbox, ItemId item) =>
        ct => store.OpenMimeAsync(mailbox, item, ct);

    private static WbxmlElement ServerIdElement(CollectionScope scope, long item) =>
        new(Ns, "ServerId", ServerIds.Format(scope.Folder, new ItemId(item)));

    /// <summary>
    /// A collection that failed. Its key is not echoed (MS-ASCMD 2.2.3.177.17: after 3 the device starts over at 0);
    /// the CollectionId is, so the device knows which collection failed, when it is of a sane length.
    /// </summary>
    private static CollectionOutcome Failed(SyncCollectionRequest c, int status) =>
        new(Collection("0", c.CollectionId is { Length: <= 64 } id ? id : "", status), c.SyncKey ?? "0", 0, null, null);

    /// MS-ASCMD 2.2.3.27.6: 12.1 names the class in the response's Collection; later versions do not.
    private static string? ClassFor(EasRequestContext context, EasClass cls) =>
        context.Version == Protocol.EasProtocolVersion.V12_1 ? EasClasses.ToWireName(cls) : null;

    /// MS-ASCMD 2.2.3.29.2: (Class,) SyncKey, CollectionId, Status, then MoreAvailable, Commands and Responses.
    private static WbxmlElement Collection(string syncKey, string collectionId, int status, bool more = false, string? cls = null)
    {
        var element = new WbxmlElement(Ns, "Collection");
        if (cls is not null)
            element.Add(new WbxmlElement(Ns, "Class", cls));
        element.Add(new WbxmlElement(Ns, "SyncKey", syncKey));
        element.Add(new WbxmlElement(Ns, "CollectionId", collectionId));
        element.Add(Status(status));
        if (more)
            element.Add(new WbxmlElement(Ns, "MoreAvailable"));
        return element;
    }

    /// <summary>
    /// One collection of one request: where it is, what it holds, and the states involved. The state of the next key
    /// (present when this request repeats one whose answer was lost) and the item list are read when first needed.
    /// </summary>
    private sealed class CollectionScope(
        SyncHandler handler,
        MailboxId mailbox,
        string deviceKey,
        FolderView.EasFolder view,
        EasClass cls,
        ItemRenderOptions render,
        CollectionState current,
        CollectionState work,
        SyncCollectionRequest request)
    {
        private bool _producedRead;

        internal MailboxId Mailbox { get; } = mailbox;

        internal FolderView.EasFolder View { get; } = view;

        internal FolderId Folder => View.Id;

        internal EasClass Class { get; } = cls;

        internal ItemRenderOptions Render { get; } = render;

        internal CollectionState Current { get; } = current;

        internal CollectionState Work { get; } = work;

        internal SyncCollectionRequest Request { get; } = request;

        /// The state of the next key once read (null when there is none).
        internal CollectionState? Produced { get; private set; }

        /// <summary>
        /// Reads the next key's state once: when it exists the device already sent this key, that request's Adds and
        /// changes were applied, and the answer it got went up to that state's position. Its own changes count as the
        /// device's here too.
        /// </summary>
        internal async ValueTask<CollectionState?> ProducedAsync(CancellationToken ct)
        {
            if (_producedRead)
                return Produced;
            _producedRead = true;
            Produced = await handler._states.LoadAsync(Mailbox, deviceKey, View.ServerId, long.Parse(Request.SyncKey!, CultureInfo.InvariantCulture) + 1, ct)
                .ConfigureAwait(false);
            if (Produced is not null)
                Work.OwnChanges.UnionWith(Produced.OwnChanges);
            return Produced;
        }

        /// Reads the device's item list (false when it is missing or damaged).
        internal ValueTask<bool> ItemsAsync(CancellationToken ct) => handler._states.EnsureItemsAsync(Mailbox, Work, ct);
    }
}
