using Bourse.Core.Ids;
using Bourse.Directory;

namespace Bourse.ClientAccess.Tests.Infrastructure;

/// <summary>An in-memory directory with users who sign in as email, UPN or NETBIOS\sam.</summary>
internal sealed class FakeDirectory(string netBiosDomain = "BOURSE") : IDirectory
{
    private readonly List<(DirectoryUser User, string Password)> _users = [];

    public int AuthenticateCalls;
    public int NtlmHashCalls;

    public DirectoryUser Add(string email, string password, bool enabled = true)
    {
        var local = email[..email.IndexOf('@')];
        var user = new DirectoryUser(MailboxId.New(), email, [], local, email, local, "/o=Bourse/cn=" + local, "DB01", RecipientKind.User, enabled, DateTime.UtcNow);
        lock (_users)
        {
            _users.Add((user, password));
        }
        return user;
    }

    private (DirectoryUser User, string Password)? Find(string login)
    {
        lock (_users)
        {
            foreach (var entry in _users)
            {
                var u = entry.User;
                if (login.Equals(u.PrimarySmtpAddress, StringComparison.OrdinalIgnoreCase) ||
                    login.Equals(u.UserPrincipalName, StringComparison.OrdinalIgnoreCase) ||
                    login.Equals(netBiosDomain + "\\" + u.SamAccountName, StringComparison.OrdinalIgnoreCase) ||
                    login.Equals(u.Domain + "\\" + u.SamAccountName, StringComparison.OrdinalIgnoreCase))
                {
                    return entry;
                }
            }
        }
        return null;
    }

    public ValueTask<DirectoryUser?> FindUserByLoginAsync(string login, CancellationToken ct = default) => ValueTask.FromResult(Find(login)?.User);

    public ValueTask<DirectoryUser?> AuthenticateAsync(string login, string password, CancellationToken ct = default)
    {
        Interlocked.Increment(ref AuthenticateCalls);
        var entry = Find(login);
        return ValueTask.FromResult(entry is { } e && e.Password == password && e.User.Enabled ? e.User : null);
    }

    public ValueTask<byte[]?> GetNtlmHashAsync(string login, CancellationToken ct = default)
    {
        Interlocked.Increment(ref NtlmHashCalls);
        return ValueTask.FromResult(Find(login) is { } e ? Md4.NtHash(e.Password) : null);
    }

    public ValueTask<DirectoryUser?> FindUserByAddressAsync(string smtpAddress, CancellationToken ct = default) => FindUserByLoginAsync(smtpAddress, ct);

    public ValueTask<OrganizationInfo> GetOrganizationAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<IReadOnlyList<string>> GetAcceptedDomainsAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask AddAcceptedDomainAsync(string domain, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<bool> IsAcceptedDomainAsync(string domain, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<DirectoryUser>> CreateUserAsync(NewDirectoryUser user, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryUser?> GetUserAsync(MailboxId mailbox, CancellationToken ct = default) => throw new NotSupportedException();
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
