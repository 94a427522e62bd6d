namespace Bourse.Core.Errors;

/// <summary>Why a store operation did not happen. Stable codes; each protocol maps them to its own status in one place.</summary>
public enum StoreError
{
    None = 0,
    NotFound = 1,
    AlreadyExists = 2,
    InvalidArgument = 3,
    QuotaExceeded = 4,
    MessageTooLarge = 5,
    ChangeConflict = 6,
    AccessDenied = 7,
    WellKnownFolderProtected = 8,
    FolderCycle = 9,
    MailboxNotFound = 10,
}

/// <summary>The outcome of an operation that can fail for an expected reason: a value or a <see cref="StoreError"/>.</summary>
public readonly struct StoreResult<T>
{
    private readonly T? _value;

    private StoreResult(T? value, StoreError error, string? message)
    {
        _value = value;
        Error = error;
        Message = message;
    }

    public StoreError Error { get; }

    /// <summary>A short sentence for logs and administrators (never client input echoed back).</summary>
    public string? Message { get; }

    public bool IsSuccess => Error == StoreError.None;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Operation failed: {Error} {Message}");

    public static StoreResult<T> Ok(T value) => new(value, StoreError.None, null);

    public static StoreResult<T> Fail(StoreError error, string? message = null) =>
        error == StoreError.None ? throw new ArgumentException("A failure needs an error.", nameof(error)) : new(default, error, message);

    public static implicit operator StoreResult<T>(T value) => Ok(value);

    public override string ToString() => IsSuccess ? $"Ok({_value})" : $"{Error}: {Message}";
}
