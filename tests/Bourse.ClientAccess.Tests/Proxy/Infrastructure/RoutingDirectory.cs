using Bourse.Core.Ids;
using Bourse.Directory;

namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>An in-memory directory whose users live on named mailbox databases.</summary>
internal sealed class RoutingDirectory : IDirectory
{
    private readonly List<(DirectoryUser User, string Password)> _users = [];

    public DirectoryUser Add(string email, string password, string database, params string[] aliases)
    {
        var local = email[..email.IndexOf('@')];
        var user = new DirectoryUser(MailboxId.New(), email, aliases, local, email, local, "/o=Bourse/cn=" + local, database, RecipientKind.User, true, DateTime.UtcNow);
        lock (_users)
        {
            _users.Add((user, password));
        }
        return user;
    }

    private (DirectoryUser User, string Password)? Find(Func<DirectoryUser, bool> match)
    {
        lock (_users)
        {
            foreach (var entry in _users)
            {
                if (match(entry.User))
                {
                    return entry;
                }
            }
        }
        return null;
    }

    private static bool IsAddressOf(DirectoryUser u, string address) =>
        address.Equals(u.PrimarySmtpAddress, StringComparison.OrdinalIgnoreCase) ||
        u.Aliases.Any(a => a.Equals(address, StringComparison.OrdinalIgnoreCase));

    public ValueTask<DirectoryUser?> GetUserAsync(MailboxId mailbox, CancellationToken ct = default) =>
        ValueTask.FromResult(Find(u => u.MailboxId == mailbox)?.User);

    public ValueTask<DirectoryUser?> FindUserByAddressAsync(string smtpAddress, CancellationToken ct = default) =>
        ValueTask.FromResult(Find(u => IsAddressOf(u, smtpAddress))?.User);

    public ValueTask<DirectoryUser?> FindUserByLoginAsync(string login, CancellationToken ct = default) =>
        ValueTask.FromResult(Find(u => IsAddressOf(u, login) || login.Equals(u.UserPrincipalName, StringComparison.OrdinalIgnoreCase))?.User);

    public ValueTask<DirectoryUser?> AuthenticateAsync(string login, string password, CancellationToken ct = default)
    {
        var entry = Find(u => u.PrimarySmtpAddress.Equals(login, StringComparison.OrdinalIgnoreCase));
        return ValueTask.FromResult(entry is { } e && e.Password == password && e.User.Enabled ? e.User : null);
    }

    public ValueTask<byte[]?> GetNtlmHashAsync(string login, CancellationToken ct = default) => ValueTask.FromResult<byte[]?>(null);

    public ValueTask<OrganizationInfo> GetOrganizationAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<IReadOnlyList<string>> GetAcceptedDomainsAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask AddAcceptedDomainAsync(string domain, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<bool> IsAcceptedDomainAsync(string domain, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<DirectoryUser>> CreateUserAsync(NewDirectoryUser user, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryUser?> FindUserByLegacyDnAsync(string legacyExchangeDn, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<IReadOnlyList<DirectoryUser>> ListUsersAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> RemoveUserAsync(string smtpAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> SetPasswordAsync(string smtpAddress, string password, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> AddAliasAsync(string smtpAddress, string alias, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> RemoveAliasAsync(string smtpAddress, string alias, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<DirectoryGroup>> CreateGroupAsync(string smtpAddress, string? displayName = null, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryGroup?> FindGroupAsync(string smtpAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<IReadOnlyList<DirectoryGroup>> ListGroupsAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> RemoveGroupAsync(string smtpAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> AddGroupMemberAsync(string groupAddress, string memberAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> RemoveGroupMemberAsync(string groupAddress, string memberAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryRecipient?> ResolveAsync(string smtpAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<IReadOnlyList<DirectoryUser>> ExpandGroupAsync(string groupAddress, CancellationToken ct = default) => throw new NotSupportedException();
}
