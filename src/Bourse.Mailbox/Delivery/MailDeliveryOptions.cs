using Bourse.Storage;

namespace Bourse.Mailbox;

/// <summary>Limits and defaults for delivery and submission.</summary>
public sealed record MailDeliveryOptions
{
    /// <summary>The largest message accepted, in bytes. 36 MB is Exchange's default receive connector limit.</summary>
    public long MaxMessageBytes { get; init; } = 36L * 1024 * 1024;

    /// <summary>The quota given to a mailbox created on first delivery; null leaves the store's default.</summary>
    public MailboxQuota? DefaultQuota { get; init; }

    /// <summary>This server's host name, used as Reporting-MTA and "Generating server" in non-delivery reports.</summary>
    public string ServerName { get; init; } = "localhost";

    public MimeMapOptions Mapping { get; init; } = MimeMapOptions.Default;

    /// <summary>
    /// How long delivery reuses what it read about a mailbox (its Inbox and quota state) instead of reading it for every
    /// message; zero reads every time. Quota enforcement may lag by this much, as with Exchange's cached quota.
    /// </summary>
    public TimeSpan MailboxInfoCacheTime { get; init; } = TimeSpan.FromSeconds(2);
}
