using Bourse.Core.Ids;

namespace Bourse.Directory;

/// <summary>
/// The organisation's directory: accepted domains, mail users (people, rooms, equipment) with their addresses and
/// login names, distribution groups, and where each mailbox lives. The built-in provider keeps it in SQLite under the
/// data directory (so admin commands work while the server runs); an LDAP/Active Directory provider comes later.
/// </summary>
public interface IDirectory
{
    // ---- organisation ----------------------------------------------------------------------------
    ValueTask<OrganizationInfo> GetOrganizationAsync(CancellationToken ct = default);
    ValueTask<IReadOnlyList<string>> GetAcceptedDomainsAsync(CancellationToken ct = default);
    ValueTask AddAcceptedDomainAsync(string domain, CancellationToken ct = default);
    ValueTask<bool> IsAcceptedDomainAsync(string domain, CancellationToken ct = default);

    // ---- users, rooms and resources ---------------------------------------------------------------
    /// <summary>Creates a mail user. Its domain becomes accepted if none is yet; AlreadyExists if the address or login is taken.</summary>
    ValueTask<DirectoryResult<DirectoryUser>> CreateUserAsync(NewDirectoryUser user, CancellationToken ct = default);
    ValueTask<DirectoryUser?> GetUserAsync(MailboxId mailbox, CancellationToken ct = default);
    /// <summary>Finds by primary SMTP address or any alias (proxy address), case-insensitive.</summary>
    ValueTask<DirectoryUser?> FindUserByAddressAsync(string smtpAddress, CancellationToken ct = default);
    /// <summary>Finds by email address, UPN, or DOMAIN\sAMAccountName.</summary>
    ValueTask<DirectoryUser?> FindUserByLoginAsync(string login, CancellationToken ct = default);
    ValueTask<DirectoryUser?> FindUserByLegacyDnAsync(string legacyExchangeDn, CancellationToken ct = default);
    ValueTask<IReadOnlyList<DirectoryUser>> ListUsersAsync(CancellationToken ct = default);
    ValueTask<DirectoryResult<bool>> RemoveUserAsync(string smtpAddress, CancellationToken ct = default);
    ValueTask<DirectoryResult<bool>> SetPasswordAsync(string smtpAddress, string password, CancellationToken ct = default);
    ValueTask<DirectoryResult<bool>> AddAliasAsync(string smtpAddress, string alias, CancellationToken ct = default);
    ValueTask<DirectoryResult<bool>> RemoveAliasAsync(string smtpAddress, string alias, CancellationToken ct = default);

    /// <summary>
    /// Enables or disables a user's sign-in; a disabled user's mailbox still receives mail. NotFound for an unknown
    /// address; the value says whether the state changed. Directories that cannot do this answer InvalidArgument.
    /// </summary>
    ValueTask<DirectoryResult<bool>> SetUserEnabledAsync(string smtpAddress, bool enabled, CancellationToken ct = default) =>
        ValueTask.FromResult(DirectoryResult<bool>.Fail(DirectoryError.InvalidArgument, "This directory cannot enable or disable users."));

    // ---- authentication --------------------------------------------------------------------------
    /// <summary>Checks a password for a login (email, UPN or DOMAIN\user). Never says which part was wrong.</summary>
    ValueTask<DirectoryUser?> AuthenticateAsync(string login, string password, CancellationToken ct = default);

    /// <summary>
    /// NTLM ONLY: the NT one-way function of the user's password (MD4 of its UTF-16LE form, MS-NLMP 3.3.1), which NTLM
    /// challenge/response needs. This is a password equivalent, kept apart from the slow hash and never logged.
    /// </summary>
    ValueTask<byte[]?> GetNtlmHashAsync(string login, CancellationToken ct = default);

    // ---- groups ----------------------------------------------------------------------------------
    ValueTask<DirectoryResult<DirectoryGroup>> CreateGroupAsync(string smtpAddress, string? displayName = null, CancellationToken ct = default);
    ValueTask<DirectoryGroup?> FindGroupAsync(string smtpAddress, CancellationToken ct = default);
    ValueTask<IReadOnlyList<DirectoryGroup>> ListGroupsAsync(CancellationToken ct = default);
    ValueTask<DirectoryResult<bool>> RemoveGroupAsync(string smtpAddress, CancellationToken ct = default);
    /// <summary>Adds a user or a group (nesting) as member; InvalidArgument for a cycle or unknown member.</summary>
    ValueTask<DirectoryResult<bool>> AddGroupMemberAsync(string groupAddress, string memberAddress, CancellationToken ct = default);
    ValueTask<DirectoryResult<bool>> RemoveGroupMemberAsync(string groupAddress, string memberAddress, CancellationToken ct = default);

    // ---- resolution ------------------------------------------------------------------------------
    /// <summary>What an address is in this organisation: a user, a group, or nothing (null).</summary>
    ValueTask<DirectoryRecipient?> ResolveAsync(string smtpAddress, CancellationToken ct = default);

    /// <summary>Expands a group to its users, recursively, each once.</summary>
    ValueTask<IReadOnlyList<DirectoryUser>> ExpandGroupAsync(string groupAddress, CancellationToken ct = default);
}
