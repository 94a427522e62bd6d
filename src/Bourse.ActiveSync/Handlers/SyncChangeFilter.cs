using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.State;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// What a store change means for a device, given its collection state: one rule for Sync (which then renders it) and
/// GetItemEstimate (which counts it), so an estimate is the number of changes the next Sync would send.
/// </summary>
internal static class SyncChangeFilter
{
    internal enum Action
    {
        /// Nothing to send: the device's own change, an item outside the window it never had, a deletion of such an item.
        Skip,
        Add,
        Change,
        Delete,

        /// MS-ASCMD 2.2.3.172: an item the device has left the FilterType window.
        SoftDelete,
    }

    /// <summary>
    /// MS-ASCMD 2.2.3.68.2: the oldest date a FilterType keeps (1 day, 3 days, 1 week, 2 weeks, 1, 3, 6 months), or null
    /// for no date window (0, 8 = incomplete tasks, and classes without a date filter: Contacts, Notes, Tasks).
    /// </summary>
    internal static DateTime? Cutoff(EasClass cls, int filterType, DateTime nowUtc)
    {
        if (cls is not (EasClass.Email or EasClass.Calendar))
            return null;
        return filterType switch
        {
            1 => nowUtc.AddDays(-1),
            2 => nowUtc.AddDays(-3),
            3 => nowUtc.AddDays(-7),
            4 => nowUtc.AddDays(-14),
            5 => nowUtc.AddMonths(-1),
            6 => nowUtc.AddMonths(-3),
            7 => nowUtc.AddMonths(-6),
            _ => null,
        };
    }

    /// The FilterType as it matters for the class (a value the class has no window for is 0).
    internal static int Effective(EasClass cls, int filterType) =>
        cls is EasClass.Email or EasClass.Calendar && filterType is >= 1 and <= 7 ? filterType : 0;

    /// The date the window looks at: when mail arrived; when an appointment ends (MS-ASCMD 2.2.3.68.2: calendar items
    /// that end after the cutoff). Null when the item has none, which keeps it in every window.
    internal static DateTime? FilterDate(EasClass cls, ItemSummary summary) => cls switch
    {
        EasClass.Email => summary.ReceivedUtc,
        EasClass.Calendar => summary.EndUtc ?? summary.StartUtc,
        _ => null,
    };

    /// The date to keep for an item the device now has: none for a recurring series, which never leaves the window.
    internal static int FilterMinutes(EasClass cls, Item item, ItemSummary? summary)
    {
        if (cls == EasClass.Calendar && item.Properties.GetBoolean(NamedProps.Recurring) == true)
            return 0;
        if (summary is not null)
            return CollectionState.FilterMinutes(FilterDate(cls, summary));
        return cls switch
        {
            EasClass.Email => CollectionState.FilterMinutes(item.ReceivedUtc),
            _ => 0,
        };
    }

    /// <summary>
    /// The action for one change. <paramref name="maybeInWindow"/> is set when a calendar item is outside the window by its
    /// dates but may be a recurring series: the caller reads the item to decide (an estimate counts it).
    /// </summary>
    internal static Action Classify(ItemChange change, CollectionState state, EasClass cls, DateTime? cutoff, out bool maybeInWindow)
    {
        maybeInWindow = false;
        if (change.Kind == ChangeKind.Deleted || change.Summary is null)
            return state.Items.ContainsKey(change.Item.Value) ? Action.Delete : Action.Skip;
        if (state.OwnChanges.Contains(change.ChangeNumber))
            return Action.Skip;
        var has = state.Items.ContainsKey(change.Item.Value);
        var inWindow = cutoff is not { } cut || FilterDate(cls, change.Summary) is not { } date || date >= cut;
        if (!inWindow && cls == EasClass.Calendar)
            maybeInWindow = true;
        if (inWindow)
            return has ? Action.Change : Action.Add;
        return has ? Action.SoftDelete : Action.Skip;
    }

    /// The items the device has whose date fell out of the window since they were sent.
    internal static IEnumerable<long> OutOfWindow(CollectionState state, DateTime? cutoff)
    {
        if (cutoff is not { } cut)
            yield break;
        var limit = CollectionState.FilterMinutes(cut);
        foreach (var (id, minutes) in state.Items)
        {
            if (minutes != 0 && minutes < limit)
                yield return id;
        }
    }
}
