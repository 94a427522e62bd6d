using Bourse.Core.Ids;

namespace Bourse.Directory;

public enum RecipientKind
{
    User = 0,
    Room = 1,
    Equipment = 2,
    Group = 3,
}

public sealed record OrganizationInfo(string Name, Guid DeploymentId, string LegacyDnPrefix);

/// <summary>A mail-enabled user, room or equipment mailbox.</summary>
public sealed record DirectoryUser(
    MailboxId MailboxId,
    string PrimarySmtpAddress,
    IReadOnlyList<string> Aliases,
    string DisplayName,
    string UserPrincipalName,
    string SamAccountName,
    string LegacyExchangeDn,
    string Database,
    RecipientKind Kind,
    bool Enabled,
    DateTime CreatedUtc)
{
    public string Domain => PrimarySmtpAddress[(PrimarySmtpAddress.IndexOf('@') + 1)..];

    /// <summary>Value equality, including the aliases in order (a record would compare the list by reference).</summary>
    public bool Equals(DirectoryUser? other) =>
        other is not null && MailboxId == other.MailboxId && PrimarySmtpAddress == other.PrimarySmtpAddress &&
        Aliases.SequenceEqual(other.Aliases) && DisplayName == other.DisplayName && UserPrincipalName == other.UserPrincipalName &&
        SamAccountName == other.SamAccountName && LegacyExchangeDn == other.LegacyExchangeDn && Database == other.Database &&
        Kind == other.Kind && Enabled == other.Enabled && CreatedUtc == other.CreatedUtc;

    public override int GetHashCode() => HashCode.Combine(MailboxId, PrimarySmtpAddress, LegacyExchangeDn);
}

public sealed record NewDirectoryUser(string PrimarySmtpAddress)
{
    public string? DisplayName { get; init; }
    /// <summary>Null creates a user who cannot sign in until a password is set.</summary>
    public string? Password { get; init; }
    public RecipientKind Kind { get; init; } = RecipientKind.User;
    /// <summary>The mailbox database that holds the mailbox; the directory's default when null.</summary>
    public string? Database { get; init; }
    public MailboxId? MailboxId { get; init; }
}

/// <summary>A distribution group; Members are the primary addresses of its direct members (users and nested groups).</summary>
public sealed record DirectoryGroup(string PrimarySmtpAddress, string DisplayName, string LegacyExchangeDn, IReadOnlyList<string> Members)
{
    /// <summary>The group's proxy addresses other than the primary one.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Value equality, including members and aliases in order (a record would compare the lists by reference).</summary>
    public bool Equals(DirectoryGroup? other) =>
        other is not null && PrimarySmtpAddress == other.PrimarySmtpAddress && DisplayName == other.DisplayName &&
        LegacyExchangeDn == other.LegacyExchangeDn && Members.SequenceEqual(other.Members) && Aliases.SequenceEqual(other.Aliases);

    public override int GetHashCode() => HashCode.Combine(PrimarySmtpAddress, LegacyExchangeDn);
}

/// <summary>What an address resolves to: exactly one of User or Group is set.</summary>
public sealed record DirectoryRecipient(DirectoryUser? User, DirectoryGroup? Group)
{
    public RecipientKind Kind => User?.Kind ?? RecipientKind.Group;
}

public enum DirectoryError
{
    None = 0,
    NotFound,
    AlreadyExists,
    InvalidArgument,
    WeakPassword,
}

public readonly struct DirectoryResult<T>
{
    private readonly T? _value;

    private DirectoryResult(T? value, DirectoryError error, string? message)
    {
        _value = value;
        Error = error;
        Message = message;
    }

    public DirectoryError Error { get; }
    public string? Message { get; }
    public bool IsSuccess => Error == DirectoryError.None;
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Directory operation failed: {Error} {Message}");

    public static DirectoryResult<T> Ok(T value) => new(value, DirectoryError.None, null);
    public static DirectoryResult<T> Fail(DirectoryError error, string message) => new(default, error, message);
    public static implicit operator DirectoryResult<T>(T value) => Ok(value);
}
