namespace Bourse.ClientAccess.Routing;

/// <summary>Where a request was served: locally, or proxied to the configured back end of the mailbox's database.</summary>
/// <param name="Database">The mailbox database, or null when the request does not belong to a mailbox.</param>
/// <param name="Backend">The configured back end the request was proxied to; null when served locally.</param>
public sealed record ClientAccessDestination(string? Database, Uri? Backend)
{
    /// <summary>True when this process served the request.</summary>
    public bool IsLocal => Backend is null;
}
