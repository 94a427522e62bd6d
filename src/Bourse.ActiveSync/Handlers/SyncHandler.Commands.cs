using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.State;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

internal sealed partial class SyncHandler
{
    /// MS-ASCMD 2.2.3.186.3: the Drafts folder's type, the only place a 16.x device adds mail.
    private const int DraftsType = 3;

    /// <summary>
    /// The device's commands, in its order (Deletes together at the end, one store batch). Each gets a Responses entry
    /// when MS-ASCMD asks for one: Add and Fetch always, Change and Delete only when they failed. On a retry, what the
    /// lost answer's request already did is answered again from its state instead of being done twice.
    /// </summary>
    private async ValueTask ApplyCommandsAsync(EasRequestContext context, CollectionScope scope, WbxmlElement responses, CancellationToken ct)
    {
        var deletes = new List<(string ServerId, ItemId Item)>();
        foreach (var command in scope.Request.Commands)
        {
            switch (command.Name)
            {
                case "Add":
                    responses.Add(await AddAsync(context, scope, command, ct).ConfigureAwait(false));
                    break;
                case "Change":
                    if (await ChangeAsync(context, scope, command, ct).ConfigureAwait(false) is { } failed)
                        responses.Add(failed);
                    break;
                case "Delete":
                    var serverId = command.Element(Ns, "ServerId")?.Text;
                    if (ItemIn(scope, serverId) is { } item)
                        deletes.Add((serverId!, item));
                    else
                        responses.Add(ItemStatus("Delete", serverId, SyncStatus.ObjectNotFound));
                    break;
                case "Fetch":
                    responses.Add(await FetchAsync(scope, command, ct).ConfigureAwait(false));
                    break;
            }
        }

        if (deletes.Count > 0)
            await DeleteAsync(scope, deletes, responses, ct).ConfigureAwait(false);
    }

    /// MS-ASCMD 2.2.3.7.2: a new item from the device; the answer maps its ClientId to the ServerId.
    private async ValueTask<WbxmlElement> AddAsync(EasRequestContext context, CollectionScope scope, WbxmlElement command, CancellationToken ct)
    {
        var clientId = command.Element(Ns, "ClientId")?.Text;
        var response = new WbxmlElement(Ns, "Add");
        if (string.IsNullOrEmpty(clientId) || clientId.Length > 64 || clientId.Contains('\0', StringComparison.Ordinal))
        {
            // MS-ASCMD 2.2.3.28.2: ClientId is required, at most 64 characters (and, as WBXML inline text, never holds a NUL).
            return response.Add(Status(SyncStatus.ProtocolError));
        }

        response.Add(new WbxmlElement(Ns, "ClientId", clientId));
        var work = scope.Work;
        if (scope.Produced?.Adds.TryGetValue(clientId, out var done) == true)
        {
            // The lost answer's request created it: the same ServerId again, nothing created twice.
            work.Adds[clientId] = done;
            if (ServerIds.TryParse(done, out _, out var doneItem))
            {
                var existing = await store.GetItemAsync(scope.Mailbox, doneItem, ct).ConfigureAwait(false);
                work.Items[doneItem.Value] = existing is null ? 0 : SyncChangeFilter.FilterMinutes(scope.Class, existing, null);
            }

            response.Add(new WbxmlElement(Ns, "ServerId", done)).Add(Status(SyncStatus.Success));
            if (AttachmentReferencesAgain(scope, done) is { } again)
                response.Add(again);
            return response;
        }

        var data = command.Element(Ns, "ApplicationData");
        // MS-ASCMD 2.2.3.7.2: mail is added through Sync only as a 16.x draft, into Drafts.
        if (data is null || (scope.Class == EasClass.Email && scope.View.Type != DraftsType))
            return response.Add(Status(SyncStatus.ConversionError));
        var parsed = ItemParser.ParseAdd(data, scope.Class, context.Version);
        if (!parsed.IsSuccess)
        {
            LogParseFailed(log, context.Device.DeviceId, "Add", scope.View.ServerId, parsed.Error.ToString(), parsed.Element);
            return response.Add(Status(SyncStatus.ConversionError));
        }

        var created = await store.CreateItemAsync(scope.Mailbox, scope.Folder, parsed.Value!, ct).ConfigureAwait(false);
        if (!created.IsSuccess)
            return response.Add(Status(StoreStatus(created.Error)));
        var item = created.Value;
        var serverId = ServerIds.Format(scope.Folder, item.Id);
        work.Adds[clientId] = serverId;
        work.OwnChanges.Add(item.ChangeNumber);
        work.Items[item.Id.Value] = SyncChangeFilter.FilterMinutes(scope.Class, item, null);
        response.Add(new WbxmlElement(Ns, "ServerId", serverId)).Add(Status(SyncStatus.Success));
        // MS-ASCMD 2.2.3.7.2 (16.0): the attachments the device added, each ClientId with its FileReference.
        if (AttachmentReferences(work, serverId, item, parsed.AttachmentClientIds) is { } references)
            response.Add(references);
        return response;
    }

    /// MS-ASCMD 2.2.3.24: the device changed an item; answered only when it failed.
    private async ValueTask<WbxmlElement?> ChangeAsync(EasRequestContext context, CollectionScope scope, WbxmlElement command, CancellationToken ct)
    {
        var serverId = command.Element(Ns, "ServerId")?.Text;
        if (ItemIn(scope, serverId) is not { } id)
            return ItemStatus("Change", serverId, SyncStatus.ObjectNotFound);
        var work = scope.Work;
        if (scope.Produced?.Applied.Contains(id.Value) == true)
        {
            // Applied by the request whose answer was lost: answered as then (the FileReferences of attachments it added).
            work.Applied.Add(id.Value);
            return AttachmentReferencesAgain(scope, serverId!) is { } again
                ? new WbxmlElement(Ns, "Change", new WbxmlElement(Ns, "ServerId", serverId!), Status(SyncStatus.Success), again)
                : null;
        }

        var item = await store.GetItemAsync(scope.Mailbox, id, ct).ConfigureAwait(false);
        if (item is null || item.FolderId != scope.Folder)
            return ItemStatus("Change", serverId, SyncStatus.ObjectNotFound);
        var serverWins = scope.Request.Conflict != 0;
        if (serverWins && HasPendingServerChange(scope, item))
        {
            // MS-ASCMD 2.2.3.34 / 2.2.3.177.17: the server's item changed since the device's key; with Conflict 1 (the
            // default) the server's version wins — it is sent with this answer — and the device's change is dropped.
            return ItemStatus("Change", serverId, SyncStatus.Conflict);
        }

        var data = command.Element(Ns, "ApplicationData");
        if (data is null)
            return ItemStatus("Change", serverId, SyncStatus.ConversionError);
        var parsed = ItemParser.ParseChange(data, scope.Class, context.Version, SupportedElements.FromNames(scope.Current.Supported));
        if (!parsed.IsSuccess)
        {
            LogParseFailed(log, context.Device.DeviceId, "Change", scope.View.ServerId, parsed.Error.ToString(), parsed.Element);
            return ItemStatus("Change", serverId, SyncStatus.ConversionError);
        }

        var change = parsed.Value!;
        // MS-ASEMAIL (16.0): only a draft's content can be edited; a received or sent message keeps its own.
        if (change.ChangesDraftContent && ((MessageFlags)(item.Properties.GetInt32(PropTags.MessageFlags) ?? 0) & MessageFlags.Unsent) == 0)
            return ItemStatus("Change", serverId, SyncStatus.ConversionError);

        if (DeletesAnotherItemsAttachment(data, id))
            return ItemStatus("Change", serverId, SyncStatus.ConversionError);

        // Properties, recipient rows (calendar attendees, 16.x draft To/Cc/Bcc) and attachments in one store write, made
        // against the version read: a change in between is a conflict, never a mix of the two.
        var updated = await store.UpdateItemAsync(scope.Mailbox, id, ToItemUpdate(change, item), expectedChangeNumber: item.ChangeNumber, ct)
            .ConfigureAwait(false);
        if (!updated.IsSuccess && updated.Error == StoreError.ChangeConflict && !serverWins)
        {
            // Client wins: apply over whatever came in between.
            var latest = await store.GetItemAsync(scope.Mailbox, id, ct).ConfigureAwait(false);
            if (latest is not null && latest.FolderId == scope.Folder)
                updated = await store.UpdateItemAsync(scope.Mailbox, id, ToItemUpdate(change, latest), latest.ChangeNumber, ct).ConfigureAwait(false);
        }

        if (!updated.IsSuccess)
        {
            return ItemStatus("Change", serverId, updated.Error switch
            {
                StoreError.ChangeConflict => SyncStatus.Conflict,
                _ => StoreStatus(updated.Error),
            });
        }

        work.OwnChanges.Add(updated.Value.ChangeNumber);
        work.Applied.Add(id.Value);
        work.Items[id.Value] = SyncChangeFilter.FilterMinutes(scope.Class, updated.Value, null);
        // MS-ASCMD 2.2.3.154: a successful Change is answered only when it added attachments, with their FileReferences
        // (MS-ASAIRS 2.2.2.7: ClientId and FileReference in a Responses Change).
        var clientIds = change.AddedAttachments.ConvertAll(a => a.ClientId);
        var added = updated.Value.Attachments.Skip(updated.Value.Attachments.Count - clientIds.Count).ToList();
        return AttachmentReferences(work, serverId!, updated.Value.Id, added, clientIds) is { } references
            ? new WbxmlElement(Ns, "Change", new WbxmlElement(Ns, "ServerId", serverId!), Status(SyncStatus.Success), references)
            : null;
    }

    /// <summary>
    /// The store update a device's Change asks for, against <paramref name="current"/>: the new recipient rows replace
    /// the stored rows of the types the Change covers, except the organizer's own row (MS-OXOCAL 2.2.4.10.1
    /// recipOrganizer), which is not an attendee; attachments the item no longer has are already deleted.
    /// </summary>
    private static ItemUpdate ToItemUpdate(EasItemChange change, Item current)
    {
        IReadOnlyList<Recipient>? recipients = null;
        if (change.Recipients is { } replacing)
        {
            var kept = current.Recipients.Where(r => !change.ReplacedRecipientTypes.Contains(r.Type) || IsOrganizerRow(r));
            recipients = [.. kept, .. replacing];
        }

        var numbers = current.Attachments.Select(a => a.Number).ToHashSet();
        return new ItemUpdate
        {
            Properties = change.ToPropertyChanges(current.Properties),
            ReplaceRecipients = recipients,
            AddAttachments = change.AddedAttachments.ConvertAll(a => a.Attachment),
            RemoveAttachments = change.DeletedAttachments.Where(numbers.Contains).Distinct().ToList(),
        };
    }

    private static bool IsOrganizerRow(Recipient recipient) => ((recipient.Properties.GetInt32(PropTags.RecipientFlags) ?? 0) & 0x2) != 0;

    /// <summary>
    /// MS-ASAIRS 2.2.2.21: a Delete names an attachment by the FileReference the server gave it; one that belongs to
    /// another item is not this item's attachment (the mapping keeps the attachment number only).
    /// </summary>
    private static bool DeletesAnotherItemsAttachment(WbxmlElement data, ItemId item)
    {
        foreach (var delete in data.Element("AirSyncBase", "Attachments")?.Children ?? [])
        {
            if (delete.Namespace == "AirSyncBase" && delete.Name == "Delete"
                && FileReferences.TryParse(delete.Element("AirSyncBase", "FileReference")?.Text, out var owner, out _) && owner != item)
                return true;
        }

        return false;
    }

    /// <summary>
    /// ApplicationData with an Attachments element mapping each ClientId the device gave an added attachment to its new
    /// FileReference (MS-ASAIRS 2.2.2.14, 2.2.2.24.1), or null when none had a ClientId. The pairs are kept in the
    /// state of the new key, so a retry of the request answers them again.
    /// </summary>
    private static WbxmlElement? AttachmentReferences(CollectionState work, string serverId, Item item, IReadOnlyList<string?> clientIds) =>
        item.Attachments.Count == clientIds.Count ? AttachmentReferences(work, serverId, item.Id, item.Attachments, clientIds) : null;

    private static WbxmlElement? AttachmentReferences(CollectionState work, string serverId, ItemId item, IReadOnlyList<Attachment> added,
        IReadOnlyList<string?> clientIds)
    {
        if (added.Count != clientIds.Count || clientIds.All(c => c is null))
            return null;
        var attachments = new WbxmlElement("AirSyncBase", "Attachments");
        for (var i = 0; i < added.Count; i++)
        {
            if (clientIds[i] is not { } clientId)
                continue;
            var reference = FileReferences.Format(item, added[i].Number);
            work.Adds[AttachmentKey(serverId, clientId)] = reference;
            attachments.Add(AttachmentReference(clientId, reference));
        }

        return new WbxmlElement(Ns, "ApplicationData", attachments);
    }

    /// <summary>On a retry, the attachment references the lost answer gave for this item, carried into the new key's state.</summary>
    private static WbxmlElement? AttachmentReferencesAgain(CollectionScope scope, string serverId)
    {
        if (scope.Produced is not { } produced)
            return null;
        var prefix = AttachmentKey(serverId, "");
        WbxmlElement? attachments = null;
        foreach (var (key, reference) in produced.Adds)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            scope.Work.Adds[key] = reference;
            (attachments ??= new WbxmlElement("AirSyncBase", "Attachments")).Add(AttachmentReference(key[prefix.Length..], reference));
        }

        return attachments is null ? null : new WbxmlElement(Ns, "ApplicationData", attachments);
    }

    private static WbxmlElement AttachmentReference(string clientId, string fileReference) =>
        new("AirSyncBase", "Attachment", new WbxmlElement("AirSyncBase", "ClientId", clientId), new WbxmlElement("AirSyncBase", "FileReference", fileReference));

    /// <summary>
    /// Where an attachment's FileReference is kept among a state's Adds (ClientId → id of what the request added): a NUL
    /// starts the key, and an Add's ClientId never holds one, so the two cannot collide.
    /// </summary>
    private static string AttachmentKey(string serverId, string clientId) => $"\0{serverId}\0{clientId}";

    /// MS-ASCMD 2.2.3.42.2: deletes, as one store batch; DeletesAsMoves (default) moves them to Deleted Items.
    private async ValueTask DeleteAsync(CollectionScope scope, List<(string ServerId, ItemId Item)> deletes, WbxmlElement responses, CancellationToken ct)
    {
        var work = scope.Work;
        var pending = new List<(string ServerId, ItemId Item)>();
        foreach (var d in deletes)
        {
            if (scope.Produced?.Applied.Contains(d.Item.Value) == true)
            {
                // Deleted by the request whose answer was lost.
                work.Applied.Add(d.Item.Value);
                work.Items.Remove(d.Item.Value);
                continue;
            }

            var item = await store.GetItemAsync(scope.Mailbox, d.Item, ct).ConfigureAwait(false);
            if (item is null || item.FolderId != scope.Folder)
            {
                // Already gone here: the device drops it too, so its deletion is not sent back later.
                work.Items.Remove(d.Item.Value);
                responses.Add(ItemStatus("Delete", d.ServerId, SyncStatus.ObjectNotFound));
            }
            else
                pending.Add(d);
        }

        if (pending.Count == 0)
            return;
        var mode = scope.Request.DeletesAsMoves ? DeleteMode.MoveToDeletedItems : DeleteMode.HardDelete;
        var results = await operations.DeleteItemsAsync(scope.Mailbox, pending.ConvertAll(p => p.Item), mode, ct).ConfigureAwait(false);
        for (var i = 0; i < pending.Count; i++)
        {
            if (results[i].IsSuccess)
            {
                // The tombstone this leaves is not echoed: the item is no longer among the device's.
                work.Applied.Add(pending[i].Item.Value);
                work.Items.Remove(pending[i].Item.Value);
            }
            else
            {
                if (results[i].Error == StoreError.NotFound)
                    work.Items.Remove(pending[i].Item.Value);
                responses.Add(ItemStatus("Delete", pending[i].ServerId, StoreStatus(results[i].Error)));
            }
        }
    }

    /// MS-ASCMD 2.2.3.67.2: the whole ApplicationData of an item, in Responses.
    private async ValueTask<WbxmlElement> FetchAsync(CollectionScope scope, WbxmlElement command, CancellationToken ct)
    {
        var serverId = command.Element(Ns, "ServerId")?.Text;
        var item = ItemIn(scope, serverId) is { } id ? await store.GetItemAsync(scope.Mailbox, id, ct).ConfigureAwait(false) : null;
        if (item is null || item.FolderId != scope.Folder)
            return ItemStatus("Fetch", serverId, SyncStatus.ObjectNotFound);
        var data = await ItemRenderer.RenderAsync(item, scope.Class, scope.Render, OpenMime(scope.Mailbox, item.Id), ct).ConfigureAwait(false);
        return new WbxmlElement(Ns, "Fetch", new WbxmlElement(Ns, "ServerId", serverId!), Status(SyncStatus.Success), data);
    }

    /// <summary>
    /// True when the item changed after the device's position by someone else: a change the device has not been sent.
    /// </summary>
    private static bool HasPendingServerChange(CollectionScope scope, Item item) =>
        item.ChangeNumber > scope.Current.ChangeNumber && !scope.Work.OwnChanges.Contains(item.ChangeNumber);

    /// The item a ServerId names when it is of this collection's folder.
    private static ItemId? ItemIn(CollectionScope scope, string? serverId) =>
        ServerIds.TryParse(serverId, out var folder, out var item) && folder == scope.Folder ? item : null;

    private static WbxmlElement ItemStatus(string kind, string? serverId, int status)
    {
        var element = new WbxmlElement(Ns, kind);
        // The device's own ServerId is echoed only when it is one of ours in form.
        if (serverId is not null && ServerIds.TryParse(serverId, out _, out _))
            element.Add(new WbxmlElement(Ns, "ServerId", serverId));
        return element.Add(Status(status));
    }

    /// A store failure as an item status: not found is 8, anything else a server error (5).
    private static int StoreStatus(StoreError error) => error switch
    {
        StoreError.NotFound => SyncStatus.ObjectNotFound,
        StoreError.InvalidArgument or StoreError.MessageTooLarge => SyncStatus.ConversionError,
        _ => SyncStatus.ServerError,
    };
}
