using Bourse.Core.Ids;
using Bourse.Directory;

namespace Bourse.Autodiscover.Tests.Infrastructure;

/// An in-memory directory with just what Autodiscover reads; the rest is not needed by these tests.
internal sealed class FakeDirectory : IDirectory
{
    public const string Prefix = "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)";
    public static readonly Guid DeploymentId = Guid.Parse("644560b8-a1ce-429c-8ace-23395843f701");

    private readonly List<(DirectoryUser User, string Password)> _users = [];
    private readonly List<string> _domains = ["contoso.com", "fabrikam.com"];

    public FakeDirectory()
    {
        Alice = Add("alice@contoso.com", "Alice Liddell", "alice-pw", ["alice.liddell@contoso.com", "alice@fabrikam.com"]);
        Bob = Add("bob@contoso.com", "Bob Secret", "bob-pw", ["robert@contoso.com"]);
    }

    public DirectoryUser Alice { get; }

    public DirectoryUser Bob { get; }

    public DirectoryUser Add(string primary, string displayName, string password, IReadOnlyList<string> aliases)
    {
        var id = MailboxId.New();
        var local = primary[..primary.IndexOf('@')];
        var user = new DirectoryUser(id, primary, aliases, displayName, primary, local,
            $"{Prefix}/cn=Recipients/cn={id.Value:N}-{local}", "DB01", RecipientKind.User, true, DateTime.UtcNow);
        _users.Add((user, password));
        return user;
    }

    public ValueTask<OrganizationInfo> GetOrganizationAsync(CancellationToken ct = default) =>
        ValueTask.FromResult(new OrganizationInfo("Contoso", DeploymentId, Prefix));

    public ValueTask<IReadOnlyList<string>> GetAcceptedDomainsAsync(CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<string>>(_domains);

    public ValueTask AddAcceptedDomainAsync(string domain, CancellationToken ct = default)
    {
        _domains.Add(domain);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> IsAcceptedDomainAsync(string domain, CancellationToken ct = default) =>
        ValueTask.FromResult(_domains.Contains(domain, StringComparer.OrdinalIgnoreCase));

    public ValueTask<DirectoryUser?> GetUserAsync(MailboxId mailbox, CancellationToken ct = default) =>
        ValueTask.FromResult(_users.Select(u => u.User).FirstOrDefault(u => u.MailboxId == mailbox));

    public ValueTask<DirectoryUser?> FindUserByAddressAsync(string smtpAddress, CancellationToken ct = default) =>
        ValueTask.FromResult(_users.Select(u => u.User).FirstOrDefault(u =>
            string.Equals(u.PrimarySmtpAddress, smtpAddress, StringComparison.OrdinalIgnoreCase)
            || u.Aliases.Contains(smtpAddress, StringComparer.OrdinalIgnoreCase)));

    public ValueTask<DirectoryUser?> FindUserByLoginAsync(string login, CancellationToken ct = default) =>
        FindUserByAddressAsync(login, ct);

    public ValueTask<DirectoryUser?> FindUserByLegacyDnAsync(string legacyExchangeDn, CancellationToken ct = default) =>
        ValueTask.FromResult(_users.Select(u => u.User).FirstOrDefault(u => string.Equals(u.LegacyExchangeDn, legacyExchangeDn, StringComparison.OrdinalIgnoreCase)));

    public ValueTask<IReadOnlyList<DirectoryUser>> ListUsersAsync(CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<DirectoryUser>>(_users.Select(u => u.User).ToList());

    public ValueTask<DirectoryUser?> AuthenticateAsync(string login, string password, CancellationToken ct = default) =>
        ValueTask.FromResult<DirectoryUser?>(_users.FirstOrDefault(u =>
            string.Equals(u.User.PrimarySmtpAddress, login, StringComparison.OrdinalIgnoreCase) && u.Password == password).User);

    public ValueTask<DirectoryResult<DirectoryUser>> CreateUserAsync(NewDirectoryUser user, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> RemoveUserAsync(string smtpAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> SetPasswordAsync(string smtpAddress, string password, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> AddAliasAsync(string smtpAddress, string alias, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> RemoveAliasAsync(string smtpAddress, string alias, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<byte[]?> GetNtlmHashAsync(string login, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<DirectoryGroup>> CreateGroupAsync(string smtpAddress, string? displayName = null, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryGroup?> FindGroupAsync(string smtpAddress, CancellationToken ct = default) => ValueTask.FromResult<DirectoryGroup?>(null);
    public ValueTask<IReadOnlyList<DirectoryGroup>> ListGroupsAsync(CancellationToken ct = default) => ValueTask.FromResult<IReadOnlyList<DirectoryGroup>>([]);
    public ValueTask<DirectoryResult<bool>> RemoveGroupAsync(string smtpAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> AddGroupMemberAsync(string groupAddress, string memberAddress, CancellationToken ct = default) => throw new NotSupportedException();
    public ValueTask<DirectoryResult<bool>> RemoveGroupMemberAsync(string groupAddress, string memberAddress, CancellationToken ct = default) => throw new NotSupportedException();

    public async ValueTask<DirectoryRecipient?> ResolveAsync(string smtpAddress, CancellationToken ct = default) =>
        await FindUserByAddressAsync(smtpAddress, ct) is { } u ? new DirectoryRecipient(u, null) : null;

    public ValueTask<IReadOnlyList<DirectoryUser>> ExpandGroupAsync(string groupAddress, CancellationToken ct = default) =>
        ValueTask.FromResult<IReadOnlyList<DirectoryUser>>([]);
}
