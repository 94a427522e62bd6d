using Bourse.Core.Ids;

namespace Bourse.Storage.Sqlite;

/// <summary>A mailbox as the writer sees it: its row number, id and replica GUID (for change keys).</summary>
internal sealed record MailboxRow(long Mbx, MailboxId Id, Guid Replica);
