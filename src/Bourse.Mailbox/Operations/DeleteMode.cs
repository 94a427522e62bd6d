namespace Bourse.Mailbox;

/// <summary>How items are deleted (EWS DisposalType, MS-OXWSCORE 2.2.5.4; EAS DeletesAsMoves).</summary>
public enum DeleteMode
{
    /// <summary>Removed permanently (a tombstone remains for sync).</summary>
    HardDelete = 0,

    /// <summary>Moved to the hidden Recoverable Items\Deletions folder, out of every client's view but recoverable.</summary>
    SoftDelete = 1,

    /// <summary>Moved to Deleted Items; items already in Deleted Items (or below it) are removed permanently, as Outlook does.</summary>
    MoveToDeletedItems = 2,
}
