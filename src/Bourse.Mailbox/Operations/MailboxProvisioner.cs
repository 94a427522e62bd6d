using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Storage;

namespace Bourse.Mailbox;

/// <summary>Creates a user's store mailbox the first time anything needs it (first delivery, first logon).</summary>
internal static class MailboxProvisioner
{
    public static async ValueTask<StoreResult<MailboxInfo>> EnsureAsync(IMailStore store, MailboxId mailbox, MailboxQuota? quota, CancellationToken ct)
    {
        if (await store.GetMailboxAsync(mailbox, ct).ConfigureAwait(false) is { } existing)
            return existing;
        var created = await store.CreateMailboxAsync(mailbox, quota, ct).ConfigureAwait(false);
        if (created.IsSuccess || created.Error != StoreError.AlreadyExists)
            return created;
        // Another delivery created it between our read and our create.
        return await store.GetMailboxAsync(mailbox, ct).ConfigureAwait(false) is { } raced
            ? raced
            : StoreResult<MailboxInfo>.Fail(StoreError.MailboxNotFound, "The mailbox could not be created.");
    }
}
