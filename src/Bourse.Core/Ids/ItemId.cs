namespace Bourse.Core.Ids;

/// <summary>An item (message) within one mailbox: a 48-bit global counter value allocated by the store. Never reused.</summary>
public readonly record struct ItemId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
