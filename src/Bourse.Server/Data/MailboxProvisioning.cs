using Bourse.Directory;
using Bourse.Server.Cli;

namespace Bourse.Server.Data;

/// <summary>Creates a mail user in the directory and its mailbox in the store, as one operation: no user is left without a mailbox.</summary>
internal static class MailboxProvisioning
{
    public static async Task<(DirectoryUser? User, CliFailure? Failure)> CreateAsync(BourseData data, string address, string? displayName,
        string? password, RecipientKind kind, CancellationToken ct, string? database = null)
    {
        if (await data.Directory.ResolveAsync(address, ct) is not null)
            return (null, new CliFailure($"the address {address} is already in use."));
        var created = await data.Directory.CreateUserAsync(new NewDirectoryUser(address)
        {
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName,
            Password = password,
            Kind = kind,
            Database = string.IsNullOrWhiteSpace(database) ? null : database.Trim(),
        }, ct);
        if (!created.IsSuccess)
            return (null, DirectoryMessages.Failure(created, $"the mailbox {address}"));

        var user = created.Value;
        var mailbox = await data.EnsureMailboxAsync(user, ct);
        if (!mailbox.IsSuccess)
        {
            await data.Directory.RemoveUserAsync(user.PrimarySmtpAddress, CancellationToken.None);
            return (null, new CliFailure($"the mailbox for {user.PrimarySmtpAddress} cannot be created in the store: {mailbox.Message ?? mailbox.Error.ToString()}."));
        }
        return (user, null);
    }
}
