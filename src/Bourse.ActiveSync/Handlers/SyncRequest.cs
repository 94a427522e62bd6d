using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// A Sync request (MS-ASCMD 2.2.1.21) read from its WBXML: the collections with their keys, options and commands, and
/// the request-wide Wait / HeartbeatInterval / WindowSize / Partial. Values a device gets wrong are tolerated where the
/// spec allows a default; a missing SyncKey or CollectionId, or Wait together with HeartbeatInterval, is a protocol error.
/// </summary>
internal sealed class SyncRequest
{
    private const string Ns = "AirSync";

    internal List<SyncCollectionRequest> Collections { get; } = [];

    /// MS-ASCMD 2.2.3.198: minutes.
    internal int? Wait { get; private set; }

    /// MS-ASCMD 2.2.3.88.2: seconds.
    internal int? HeartbeatInterval { get; private set; }

    /// MS-ASCMD 2.2.3.199: the request-wide WindowSize (a total over all collections).
    internal int? WindowSize { get; private set; }

    /// MS-ASCMD 2.2.3.131: the collections not named keep the cached request's settings.
    internal bool Partial { get; private set; }

    /// True when a value could not be read (a protocol error, Status 4).
    /// Most Fetch commands one Sync request may carry (over it: Status 4).
    internal const int MaxFetches = 256;

    internal bool Malformed { get; private set; }

    internal bool HasCommands => Collections.Exists(c => c.Commands.Count > 0);

    internal static SyncRequest Parse(WbxmlElement root)
    {
        var request = new SyncRequest();
        foreach (var child in root.Children)
        {
            if (child.Namespace != Ns)
                continue;
            switch (child.Name)
            {
                case "Collections":
                    foreach (var c in child.Children)
                    {
                        if (c.Namespace == Ns && c.Name == "Collection")
                            request.Collections.Add(SyncCollectionRequest.Parse(c));
                    }

                    break;
                case "Wait":
                    request.Wait = request.Number(child);
                    break;
                case "HeartbeatInterval":
                    request.HeartbeatInterval = request.Number(child);
                    break;
                case "WindowSize":
                    request.WindowSize = request.Number(child);
                    break;
                case "Partial":
                    request.Partial = child.Text is null or "" or "1";
                    break;
            }
        }

        if (request.Collections.Exists(c => c.SyncKey is null || c.CollectionId is null))
            request.Malformed = true;
        // Each Fetch answers with a whole item: a request may not ask for more than MaxFetches of them, so a few kilobytes
        // of request cannot demand hundreds of megabytes of answer (devices fetch a handful at a time).
        if (request.Collections.Sum(c => c.Commands.Count(cmd => cmd.Name == "Fetch")) > MaxFetches)
            request.Malformed = true;
        return request;
    }

    /// <summary>
    /// The request to cache for a later empty or partial Sync (MS-ASCMD 2.2.1.21.1, 2.2.3.131): the collections (a partial
    /// request already completed from the cache) without their commands, each with the key it ends on.
    /// </summary>
    internal static WbxmlElement ToCache(SyncRequest request, IReadOnlyDictionary<string, string> keys)
    {
        var collections = new WbxmlElement(Ns, "Collections");
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in request.Collections)
        {
            if (c.CollectionId is null || !named.Add(c.CollectionId))
                continue;
            collections.Add(c.ToCache(keys.TryGetValue(c.CollectionId, out var k) ? k : c.SyncKey));
        }

        var root = new WbxmlElement(Ns, "Sync", collections);
        if (request.Wait is { } wait)
            root.Add(new WbxmlElement(Ns, "Wait", wait.ToString(CultureInfo.InvariantCulture)));
        if (request.HeartbeatInterval is { } heartbeat)
            root.Add(new WbxmlElement(Ns, "HeartbeatInterval", heartbeat.ToString(CultureInfo.InvariantCulture)));
        if (request.WindowSize is { } window)
            root.Add(new WbxmlElement(Ns, "WindowSize", window.ToString(CultureInfo.InvariantCulture)));
        return root;
    }

    /// A partial request completed from the cached one: the cached collections it did not name, its own, and the cached
    /// Wait/HeartbeatInterval/WindowSize where it has none.
    internal SyncRequest MergeInto(SyncRequest cached)
    {
        var merged = new SyncRequest
        {
            Wait = Wait ?? (HeartbeatInterval is null ? cached.Wait : null),
            HeartbeatInterval = HeartbeatInterval ?? (Wait is null ? cached.HeartbeatInterval : null),
            WindowSize = WindowSize ?? cached.WindowSize,
            Malformed = Malformed,
        };
        var named = new HashSet<string>(Collections.Select(c => c.CollectionId ?? ""), StringComparer.Ordinal);
        merged.Collections.AddRange(cached.Collections.Where(c => !named.Contains(c.CollectionId ?? "")));
        merged.Collections.AddRange(Collections);
        return merged;
    }

    private int? Number(WbxmlElement element)
    {
        if (int.TryParse(element.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return n;
        Malformed = true;
        return null;
    }
}

/// <summary>One Collection of a Sync request (MS-ASCMD 2.2.3.29.2).</summary>
internal sealed class SyncCollectionRequest
{
    private const string Ns = "AirSync";

    private WbxmlElement _source = null!;

    internal string? SyncKey { get; private set; }

    internal string? CollectionId { get; private set; }

    /// 12.1 sends the class in the collection.
    internal string? Class { get; private set; }

    /// MS-ASCMD 2.2.3.84: absent means true, except with SyncKey 0 where it means false.
    internal bool? GetChanges { get; private set; }

    /// MS-ASCMD 2.2.3.43: true unless the device says 0.
    internal bool DeletesAsMoves { get; private set; } = true;

    internal int? WindowSize { get; private set; }

    /// The Options for this collection's own class (the first without a Class, or with the collection's class).
    internal WbxmlElement? Options { get; private set; }

    /// MS-ASCMD 2.2.3.68.2 FilterType (0 = no filter).
    internal int FilterType { get; private set; }

    /// MS-ASCMD 2.2.3.34: 0 the client's object wins, 1 (default) the server's.
    internal int Conflict { get; private set; } = 1;

    /// MS-ASCMD 2.2.3.179: the Supported list (sent with SyncKey 0 for Contacts and Calendar), or null.
    internal WbxmlElement? Supported { get; private set; }

    /// The Add, Change, Delete and Fetch elements in the order the device sent them.
    internal List<WbxmlElement> Commands { get; } = [];

    internal bool IsInitial => SyncKey == "0";

    internal bool WantsChanges => GetChanges ?? !IsInitial;

    internal static SyncCollectionRequest Parse(WbxmlElement element)
    {
        var c = new SyncCollectionRequest { _source = element };
        var options = new List<WbxmlElement>();
        foreach (var child in element.Children)
        {
            if (child.Namespace != Ns)
                continue;
            switch (child.Name)
            {
                case "SyncKey":
                    c.SyncKey = child.Text?.Trim() ?? "";
                    break;
                case "CollectionId":
                    c.CollectionId = child.Text?.Trim() ?? "";
                    break;
                case "Class":
                    c.Class = child.Text;
                    break;
                case "GetChanges":
                    c.GetChanges = child.Text?.Trim() is null or "" or "1";
                    break;
                case "DeletesAsMoves":
                    c.DeletesAsMoves = child.Text?.Trim() is null or "" or "1";
                    break;
                case "WindowSize":
                    if (int.TryParse(child.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var w))
                        c.WindowSize = w;
                    break;
                case "Supported":
                    c.Supported = child;
                    break;
                case "Options":
                    options.Add(child);
                    break;
                case "Commands":
                    foreach (var command in child.Children)
                    {
                        if (command.Namespace == Ns && command.Name is "Add" or "Change" or "Delete" or "Fetch")
                            c.Commands.Add(command);
                    }

                    break;
            }
        }

        // MS-ASCMD 2.2.3.125.6: up to two Options, one per class (the second is SMS, which Bourse does not serve).
        c.Options = options.FirstOrDefault(o => o.Element(Ns, "Class") is null || o.Element(Ns, "Class")?.Text == c.Class)
                    ?? options.FirstOrDefault(o => o.Element(Ns, "Class")?.Text != "SMS");
        if (c.Options?.Element(Ns, "FilterType")?.Text is { } filter &&
            int.TryParse(filter, NumberStyles.None, CultureInfo.InvariantCulture, out var f) && f is >= 0 and <= 8)
            c.FilterType = f;
        if (c.Options?.Element(Ns, "Conflict")?.Text is { } conflict &&
            int.TryParse(conflict, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k is 0 or 1)
            c.Conflict = k;
        return c;
    }

    internal ItemRenderOptions RenderOptions(Protocol.EasProtocolVersion version) => ItemRenderOptions.FromOptions(Options, version);

    /// This collection as cached: every element but Commands, with the key it ends on.
    internal WbxmlElement ToCache(string? syncKey)
    {
        var copy = new WbxmlElement(Ns, "Collection");
        foreach (var child in _source.Children)
        {
            if (child.Namespace == Ns && child.Name == "Commands")
                continue;
            copy.Add(child.Namespace == Ns && child.Name == "SyncKey" ? new WbxmlElement(Ns, "SyncKey", syncKey ?? "") : child);
        }

        return copy;
    }
}
