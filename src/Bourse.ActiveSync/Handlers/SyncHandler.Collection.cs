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

    private async ValueTask<CollectionOutcome> ProcessAsync(EasRequestContext context, SyncCollectionRequest c,
        Dictionary<string, FolderView.EasFolder> folders, int budget, ActiveSyncOptions o, CancellationToken ct)
    {
        var mailbox = context.Mailbox;
        var device = context.DeviceKey;
        var id = c.CollectionId!;
        var sentKey = c.SyncKey!;
        if (!folders.TryGetValue(id, out var folder) || EasClasses.FromContainerClass(folder.ContainerClass) is not { } cls)
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
            await _states.ResetAsync(mailbox, device, id, CollectionState.Initial(cls, filterType, SupportedElements.FromSupported(c.Supported).Names), ct).ConfigureAwait(false);
            return new CollectionOutcome(Collection("1", id, SyncStatus.Success), "1", 0, folder.Id, null);
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

        // Key N + 1 exists when the device already sent N once and did not get (or keep) our answer: that request's Adds
        // and changes were applied, and the answer it got was computed up to N + 1's position.
        var produced = await _states.LoadAsync(mailbox, device, id, key + 1, ct).ConfigureAwait(false);
        var work = current.Next();
        if (produced is not null)
            work.OwnChanges.UnionWith(produced.OwnChanges);

        var render = c.RenderOptions(context.Version);
        var scope = new CollectionScope(mailbox, folder, cls, render, current, produced, work, c);
        var responses = new WbxmlElement(Ns, "Responses");
        if (c.Commands.Count > 0)
            await ApplyCommandsAsync(context, scope, responses, ct).ConfigureAwait(false);

        var commands = new WbxmlElement(Ns, "Commands");
        var more = false;
        long? seen = null;
        var window = Math.Min(Window(c.WindowSize, o), budget);
        if (c.WantsChanges)
        {
            if (window > 0)
            {
                var cutoff = SyncChangeFilter.Cutoff(cls, filterType, time.GetUtcNow().UtcDateTime);
                (more, seen) = await CollectChangesAsync(scope, window, cutoff, commands, ct).ConfigureAwait(false);
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
            var element = more ? Collection(sentKey, id, SyncStatus.Success, more: true) : null;
            return new CollectionOutcome(element, sentKey, 0, folder.Id, seen);
        }

        var newKey = key + 1;
        await _states.SaveAsync(mailbox, device, id, newKey, work, ct).ConfigureAwait(false);
        var text = newKey.ToString(CultureInfo.InvariantCulture);
        var response = Collection(text, id, SyncStatus.Success, more);
        if (commands.Children.Count > 0)
            response.Add(commands);
        if (responses.Children.Count > 0)
            response.Add(responses);
        return new CollectionOutcome(response, text, commands.Children.Count, folder.Id, seen);
    }

    /// <summary>
    /// Reads the folder's changes after the device's position and turns them into Add / Change / Delete / SoftDelete
    /// until the window is full. Returns whether more remain and the mailbox change number the last read saw (when it
    /// reached the end). On a retry the position stops where the lost answer stopped, so the same items are sent again.
    /// </summary>
    private async ValueTask<(bool More, long? Seen)> CollectChangesAsync(CollectionScope scope, int window, DateTime? cutoff,
        WbxmlElement commands, CancellationToken ct)
    {
        var work = scope.Work;
        var bound = scope.Produced?.ChangeNumber;
        var sent = 0;

        // MS-ASCMD 2.2.3.172: items the device holds that time has moved out of the FilterType window are soft-deleted.
        foreach (var stale in SyncChangeFilter.OutOfWindow(work, cutoff).Order().ToList())
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
                    work.ChangeNumber = bound is { } b ? Math.Min(set.HighestChangeNumber, b) : set.HighestChangeNumber;
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

    private static CollectionOutcome Failed(SyncCollectionRequest c, int status) =>
        new(Collection(c.SyncKey ?? "0", c.CollectionId ?? "", status), c.SyncKey ?? "0", 0, null, null);

    /// MS-ASCMD 2.2.3.29.2: SyncKey, CollectionId, Status, then MoreAvailable, Commands and Responses.
    private static WbxmlElement Collection(string syncKey, string collectionId, int status, bool more = false)
    {
        var element = new WbxmlElement(Ns, "Collection",
            new WbxmlElement(Ns, "SyncKey", syncKey),
            new WbxmlElement(Ns, "CollectionId", collectionId),
            Status(status));
        if (more)
            element.Add(new WbxmlElement(Ns, "MoreAvailable"));
        return element;
    }

    /// One collection of one request: where it is, what it holds, and the states involved.
    private sealed record CollectionScope(
        MailboxId Mailbox,
        FolderView.EasFolder View,
        EasClass Class,
        ItemRenderOptions Render,
        CollectionState Current,
        CollectionState? Produced,
        CollectionState Work,
        SyncCollectionRequest Request)
    {
        internal FolderId Folder => View.Id;
    }
}
