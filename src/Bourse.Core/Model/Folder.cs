using Bourse.Core.Ids;
using Bourse.Core.Properties;

namespace Bourse.Core.Model;

/// <summary>A folder as the store returns it: materialized columns plus the full property bag.</summary>
public sealed record Folder(
    FolderId Id,
    FolderId? ParentId,
    string DisplayName,
    string? ContainerClass,
    WellKnownFolder? WellKnown,
    long ChangeNumber,
    int TotalCount,
    int UnreadCount,
    DateTime LastModifiedUtc,
    PropertyBag Properties)
{
    public bool IsWellKnown => WellKnown.HasValue;
}
