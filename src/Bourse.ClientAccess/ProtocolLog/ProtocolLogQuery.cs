namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>What <see cref="ProtocolLogReader.ReadAsync"/> returns.</summary>
public sealed record ProtocolLogQuery
{
    /// <summary>
    /// Only requests of this user: matched against the authenticated user and the target mailbox, case-insensitively;
    /// a value without '@' matches the local part too ("alice" matches alice@contoso.com).
    /// </summary>
    public string? User { get; init; }

    /// <summary>Only requests that arrived at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only the last N matching lines already written (then, with <see cref="Follow"/>, every new one).</summary>
    public int? Tail { get; init; }

    /// <summary>Keep reading new lines as they are written, across the daily and size roll-overs (tail -F), until cancelled.</summary>
    public bool Follow { get; init; }
}
