namespace Bourse.Core.Ids;

/// <summary>A folder within one mailbox: a 48-bit global counter value allocated by the store (MS-OXCDATA 2.2.1.1 GLOBCNT).</summary>
public readonly record struct FolderId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
