using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Storage;

/// <summary>Quota limits in bytes; null means unlimited (Exchange's IssueWarning/ProhibitSend/ProhibitSendReceive).</summary>
public sealed record MailboxQuota(long? IssueWarningBytes = null, long? ProhibitSendBytes = null, long? ProhibitReceiveBytes = null)
{
    public static MailboxQuota Unlimited { get; } = new();
}

/// <summary>A mailbox's state in the store.</summary>
public sealed record MailboxInfo(MailboxId Id, Guid ReplicaGuid, long LastChangeNumber, long UsedBytes, int ItemCount, MailboxQuota Quota, DateTime CreatedUtc)
{
    public bool IsOverWarning => Quota.IssueWarningBytes is { } w && UsedBytes >= w;
    public bool IsOverSendQuota => Quota.ProhibitSendBytes is { } w && UsedBytes >= w;
    public bool IsOverReceiveQuota => Quota.ProhibitReceiveBytes is { } w && UsedBytes >= w;
}

/// <summary>A folder change: new name and/or properties to set or remove.</summary>
public sealed record FolderUpdate(string? DisplayName = null, PropertyChanges? Properties = null);

public enum ItemSortField
{
    ReceivedTime,
    Subject,
    SenderName,
    Size,
    Importance,
    IsRead,
    FlagStatus,
    StartTime,
    /// <summary>The last change; sorted at query time (only items changed after arrival are indexed in change order).</summary>
    ChangeNumber,
    /// <summary>The order items entered the folder (delivered, created, moved or copied in): indexed, stable for paging.</summary>
    EntryOrder,
}

/// <summary>Simple restrictions over the indexed columns; every non-null member must match.</summary>
public sealed record ItemFilter
{
    public bool? IsRead { get; init; }
    public FlagStatus? FlagStatus { get; init; }
    public bool? HasAttachments { get; init; }
    /// <summary>Matches the class and its sub-classes: "IPM.Note" matches "IPM.Note.SMIME" (case-insensitive).</summary>
    public string? MessageClassPrefix { get; init; }
    public DateTime? ReceivedOnOrAfterUtc { get; init; }
    public DateTime? ReceivedBeforeUtc { get; init; }
    /// <summary>Calendar range: items whose [start, end) overlaps [RangeStartUtc, RangeEndUtc).</summary>
    public DateTime? RangeStartUtc { get; init; }
    public DateTime? RangeEndUtc { get; init; }
    public string? SenderAddress { get; init; }
}

public sealed record ItemQuery
{
    public ItemSortField SortBy { get; init; } = ItemSortField.ReceivedTime;
    public bool Descending { get; init; } = true;
    public int Offset { get; init; }
    public int Limit { get; init; } = 50;
    public ItemFilter? Filter { get; init; }
}

/// <summary>
/// A full-text search. Results come newest-arrived first (the order items entered the mailbox, which is the received
/// order for delivered mail); <see cref="ItemPage.TotalCount"/> of a search counts matches up to <see cref="TotalCap"/>
/// and reports the cap beyond it ("1,000+"), so a search costs the same in a mailbox of any size.
/// </summary>
public sealed record SearchQuery(string Text)
{
    public const int TotalCap = 1000;

    /// <summary>Restrict to one folder; null searches the whole mailbox.</summary>
    public FolderId? Folder { get; init; }
    public ItemFilter? Filter { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>A page of a listing or search; <see cref="TotalCount"/> counts every match (for a search, up to <see cref="SearchQuery.TotalCap"/>), not just this page.</summary>
public sealed record ItemPage(IReadOnlyList<ItemSummary> Items, int TotalCount);

public sealed record ChangeQuery(long SinceChangeNumber)
{
    /// <summary>Only changes seen from this folder (a move out of it is a deletion here); null for the whole mailbox.</summary>
    public FolderId? Folder { get; init; }
    public int MaxChanges { get; init; } = 100;
}

public enum ChangeKind
{
    /// <summary>The item appeared (created, moved in or copied in) after the given change number.</summary>
    Created,
    /// <summary>The item existed before and was changed.</summary>
    Modified,
    /// <summary>The item was deleted or moved out of the folder asked about.</summary>
    Deleted,
}

public sealed record ItemChange(ChangeKind Kind, ItemId Item, FolderId Folder, long ChangeNumber, ItemSummary? Summary);

/// <summary>
/// Changes in change-number order. <see cref="HighestChangeNumber"/> is the number to ask from next time: the last change
/// returned when <see cref="MoreAvailable"/>, else the mailbox's current change number.
/// </summary>
public sealed record ChangeSet(IReadOnlyList<ItemChange> Changes, long HighestChangeNumber, bool MoreAvailable);

public sealed record FolderChange(ChangeKind Kind, FolderId Folder, long ChangeNumber, Folder? Current);

public sealed record FolderChangeSet(IReadOnlyList<FolderChange> Changes, long HighestChangeNumber);
