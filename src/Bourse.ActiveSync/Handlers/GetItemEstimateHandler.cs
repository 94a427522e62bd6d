using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// GetItemEstimate (MS-ASCMD 2.2.1.9): per collection, how many changes the device's next Sync from its key would
/// send — counted with the same rule Sync applies (its own changes, the FilterType window, deletions of items it never
/// had), from the state behind the key. Nothing is written; the key does not advance.
/// </summary>
internal sealed class GetItemEstimateHandler(IMailStore store, EasStateStore state, TimeProvider time) : IEasCommandHandler
{
    private const string Ns = "GetItemEstimate";
    private const string AirSync = "AirSync";

    /// Changes read per collection at most; a larger backlog is reported as this many (an estimate).
    private const int MaxCounted = 10_000;

    private readonly CollectionStateStore _states = new(state);

    public EasCommand Command => EasCommand.GetItemEstimate;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var collections = context.Request!.Element(Ns, "Collections")?.Children.Where(c => c.Namespace == Ns && c.Name == "Collection").ToList();
        if (collections is null || collections.Count == 0 || collections.Count > SyncHandler.MaxCollections)
            return Status(GetItemEstimateStatus.InvalidCollection);

        var folders = (await FolderView.LoadAsync(store, context.Mailbox, ct).ConfigureAwait(false))
            .ToDictionary(f => f.ServerId, StringComparer.Ordinal);
        var root = new WbxmlElement(Ns, "GetItemEstimate");
        foreach (var collection in collections)
            root.Add(await EstimateAsync(context, collection, folders, ct).ConfigureAwait(false));
        return new EasResult.Document(root);
    }

    private async ValueTask<WbxmlElement> EstimateAsync(EasRequestContext context, WbxmlElement collection,
        Dictionary<string, FolderView.EasFolder> folders, CancellationToken ct)
    {
        // 14.0+: airsync:SyncKey and airsync:Options (FilterType); 12.1: SyncKey, FilterType and Class in either namespace.
        var collectionId = collection.Element(Ns, "CollectionId")?.Text;
        var syncKey = collection.Element(AirSync, "SyncKey")?.Text ?? collection.Element(Ns, "SyncKey")?.Text;
        var options = collection.Children.Where(c => c.Namespace == AirSync && c.Name == "Options")
            .FirstOrDefault(o => o.Element(AirSync, "Class")?.Text is null or not "SMS");
        var filterText = options?.Element(AirSync, "FilterType")?.Text ?? collection.Element(AirSync, "FilterType")?.Text
            ?? collection.Element(Ns, "FilterType")?.Text;

        // MS-ASCMD 2.2.3.177.7: 2, the collection is invalid (unknown, or of a class ActiveSync does not sync).
        if (collectionId is null || !folders.TryGetValue(collectionId, out var folder) ||
            EasClasses.FromContainerClass(folder.ContainerClass) is not { } cls)
            return Response(GetItemEstimateStatus.InvalidCollection, collectionId, null);

        // MS-ASCMD 2.2.3.177.7: 3, the sync state is not primed — the device has not synced the collection (SyncKey 0).
        if (syncKey == "0")
            return Response(GetItemEstimateStatus.NotPrimed, collectionId, null);

        // MS-ASCMD 2.2.3.181.3: 4, the key is not one the server has for this device and collection.
        if (!long.TryParse(syncKey, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ||
            await _states.LoadAsync(context.Mailbox, context.DeviceKey, collectionId, key, ct).ConfigureAwait(false) is not { } saved ||
            !await _states.EnsureItemsAsync(context.Mailbox, saved, ct).ConfigureAwait(false))
            return Response(GetItemEstimateStatus.InvalidSyncKey, collectionId, null);

        var filterType = int.TryParse(filterText, NumberStyles.None, CultureInfo.InvariantCulture, out var f) && f is >= 0 and <= 8
            ? SyncChangeFilter.Effective(cls, f)
            : saved.FilterType;
        var cutoff = SyncChangeFilter.Cutoff(cls, filterType, time.GetUtcNow().UtcDateTime);
        var count = SyncChangeFilter.OutOfWindow(saved, cutoff).Count();
        var position = saved.ChangeNumber;
        var scanned = 0;
        while (scanned < MaxCounted)
        {
            var changes = await store.GetChangesAsync(context.Mailbox, new ChangeQuery(position) { Folder = folder.Id, MaxChanges = 1000 }, ct)
                .ConfigureAwait(false);
            foreach (var change in changes.Changes)
            {
                scanned++;
                // A calendar item outside the window may be a recurring series; the estimate counts it.
                if (SyncChangeFilter.Classify(change, saved, cls, cutoff, out var maybe) != SyncChangeFilter.Action.Skip || maybe)
                    count++;
            }

            if (!changes.MoreAvailable || changes.Changes.Count == 0)
                break;
            position = changes.HighestChangeNumber;
        }

        return Response(GetItemEstimateStatus.Success, collectionId, count);
    }

    /// MS-ASCMD 2.2.3.153.3: Response with Status, and Collection (CollectionId, Estimate) when it succeeded.
    private static WbxmlElement Response(int status, string? collectionId, int? estimate)
    {
        var response = new WbxmlElement(Ns, "Response", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture)));
        var collection = new WbxmlElement(Ns, "Collection");
        if (collectionId is { Length: > 0 and <= 64 } && FolderView.TryParseServerId(collectionId, out _))
            collection.Add(new WbxmlElement(Ns, "CollectionId", collectionId));
        if (estimate is { } n)
            collection.Add(new WbxmlElement(Ns, "Estimate", n.ToString(CultureInfo.InvariantCulture)));
        if (!collection.IsEmpty)
            response.Add(collection);
        return response;
    }

    private static EasResult Status(int status) => new EasResult.Document(new WbxmlElement(Ns, "GetItemEstimate",
        new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));

    /// MS-ASCMD 2.2.3.177.7: Status values of GetItemEstimate.
    internal static class GetItemEstimateStatus
    {
        internal const int Success = 1;
        internal const int InvalidCollection = 2;
        internal const int NotPrimed = 3;
        internal const int InvalidSyncKey = 4;
    }
}
