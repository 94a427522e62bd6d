namespace Bourse.Core.Ids;

/// <summary>A mailbox, identified by its mailbox GUID (the directory's msExchMailboxGuid equivalent).</summary>
public readonly record struct MailboxId(Guid Value)
{
    public static MailboxId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("D");
}
