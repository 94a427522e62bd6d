using Bourse.Directory;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// The organisation's address list as Search (Store GAL), Find (GALSearchCriterion) and ResolveRecipients see it: users,
/// rooms, equipment and groups, matched as Exchange's ambiguous name resolution does — the text is a prefix of the
/// display name, of one of its words, or of an address (primary or alias, whole or its local part).
/// </summary>
internal static class SearchGalQuery
{
    /// One address-list entry: exactly one of User or Group.
    internal sealed record Entry(string DisplayName, string EmailAddress, string Alias, DirectoryUser? User, DirectoryGroup? Group);

    /// Every entry matching <paramref name="text"/>, ordered by display name then address.
    internal static async ValueTask<IReadOnlyList<Entry>> MatchAsync(IDirectory directory, string text, CancellationToken ct)
    {
        var query = text.Trim();
        if (query.Length == 0)
            return [];
        var result = new List<Entry>();
        foreach (var u in await directory.ListUsersAsync(ct).ConfigureAwait(false))
        {
            if (Matches(query, u.DisplayName, [u.PrimarySmtpAddress, .. u.Aliases]))
                result.Add(new Entry(u.DisplayName, u.PrimarySmtpAddress, LocalPart(u.PrimarySmtpAddress), u, null));
        }

        foreach (var g in await directory.ListGroupsAsync(ct).ConfigureAwait(false))
        {
            if (Matches(query, g.DisplayName, [g.PrimarySmtpAddress, .. g.Aliases]))
                result.Add(new Entry(g.DisplayName, g.PrimarySmtpAddress, LocalPart(g.PrimarySmtpAddress), null, g));
        }

        return result
            .OrderBy(e => e.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(e => e.EmailAddress, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// The entry whose primary address or alias is exactly <paramref name="address"/>, or null.
    internal static async ValueTask<Entry?> ExactAsync(IDirectory directory, string address, CancellationToken ct)
    {
        if (await directory.ResolveAsync(address.Trim(), ct).ConfigureAwait(false) is not { } recipient)
            return null;
        if (recipient.User is { } u)
            return new Entry(u.DisplayName, u.PrimarySmtpAddress, LocalPart(u.PrimarySmtpAddress), u, null);
        var g = recipient.Group!;
        return new Entry(g.DisplayName, g.PrimarySmtpAddress, LocalPart(g.PrimarySmtpAddress), null, g);
    }

    private static bool Matches(string query, string displayName, IEnumerable<string> addresses)
    {
        if (displayName.StartsWith(query, StringComparison.OrdinalIgnoreCase))
            return true;
        foreach (var word in displayName.Split([' ', '\t', ',', '.', '-', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.StartsWith(query, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return addresses.Any(a => a.StartsWith(query, StringComparison.OrdinalIgnoreCase));
    }

    private static string LocalPart(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 ? address[..at] : address;
    }
}
