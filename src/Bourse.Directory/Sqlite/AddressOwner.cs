namespace Bourse.Directory.Sqlite;

/// <summary>The row of the addresses table an SMTP address maps to: exactly one of UserId or GroupId is set.</summary>
internal readonly record struct AddressOwner(long? UserId, long? GroupId, bool IsPrimary)
{
    public bool IsSameRecipient(AddressOwner other) => UserId == other.UserId && GroupId == other.GroupId;
}
