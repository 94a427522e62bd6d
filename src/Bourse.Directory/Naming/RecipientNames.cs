using System.Text;

namespace Bourse.Directory.Naming;

/// <summary>How the directory derives and checks the names an Exchange recipient carries.</summary>
internal static class RecipientNames
{
    /// <summary>The administrative group every Exchange 2007+ object lives in (the legacy DN's ou=).</summary>
    public const string AdministrativeGroup = "Exchange Administrative Group (FYDIBOHF23SPDLT)";

    /// <summary>sAMAccountName is limited to 20 characters (the pre-Windows 2000 logon name).</summary>
    public const int MaxSamAccountNameLength = 20;

    public const int MaxDisplayNameLength = 256;

    public const int MaxDatabaseNameLength = 64;

    public const int MaxOrganizationNameLength = 64;

    /// <summary>The cn= of a recipient is at most 64 characters: 32 hex digits, a hyphen and up to 31 of the alias.</summary>
    private const int MaxLegacyDnAliasLength = 31;

    // Characters Active Directory does not allow in a sAMAccountName.
    private const string SamForbidden = "\"/\\[]:;|=,+*?<>@";

    public static string LegacyDnPrefix(string organization) => $"/o={organization}/ou={AdministrativeGroup}";

    /// <summary>Exchange 2013+ form: <c>&lt;prefix&gt;/cn=Recipients/cn=&lt;object guid hex&gt;-&lt;alias&gt;</c>.</summary>
    public static string LegacyDn(string prefix, Guid objectGuid, string localPart)
    {
        var alias = new StringBuilder(MaxLegacyDnAliasLength);
        foreach (var c in localPart)
        {
            if (alias.Length == MaxLegacyDnAliasLength)
                break;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
                alias.Append(c);
        }

        if (alias.Length == 0)
            alias.Append("recipient");
        return $"{prefix}/cn=Recipients/cn={objectGuid:N}-{alias}";
    }

    /// <summary>"john.smith" → "John Smith", "mary-jane_o'neil" → "Mary-Jane O'Neil"; existing capitals are kept.</summary>
    public static string DefaultDisplayName(string localPart)
    {
        var words = localPart.Split(['.', '_'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return localPart;
        var sb = new StringBuilder(localPart.Length);
        foreach (var word in words)
        {
            if (sb.Length > 0)
                sb.Append(' ');
            for (var i = 0; i < word.Length; i++)
            {
                var startOfPart = i == 0 || word[i - 1] is '-' or '\'';
                sb.Append(startOfPart ? char.ToUpperInvariant(word[i]) : word[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>The sAMAccountName to start from: the local part without characters AD forbids, at most 20 long.</summary>
    public static string SamAccountNameBase(string localPart)
    {
        var sb = new StringBuilder(localPart.Length);
        foreach (var c in localPart)
            sb.Append(SamForbidden.Contains(c, StringComparison.Ordinal) ? '_' : c);
        var sam = Truncate(sb.ToString(), MaxSamAccountNameLength);
        return sam.Length == 0 ? "user" : sam;
    }

    /// <summary>The n-th alternative when the base is taken: "alice" → "alice1", a 20-character base loses its tail.</summary>
    public static string SamAccountNameCandidate(string baseName, int attempt)
    {
        if (attempt == 0)
            return baseName;
        var suffix = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Truncate(baseName, MaxSamAccountNameLength - suffix.Length) + suffix;
    }

    public static bool TryNormalizeDisplayName(string? text, out string displayName)
    {
        displayName = text?.Trim() ?? string.Empty;
        return displayName.Length is > 0 and <= MaxDisplayNameLength && !displayName.Any(char.IsControl);
    }

    /// <summary>Mailbox database names ("DB01", "Mailbox Database 0123"): letters, digits, space, '.', '_' and '-'.</summary>
    public static bool TryNormalizeDatabase(string? text, out string database)
    {
        database = text?.Trim() ?? string.Empty;
        return database.Length is > 0 and <= MaxDatabaseNameLength && database.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-');
    }

    /// <summary>Organisation names go into every legacy DN, so they are kept to letters, digits, space, '.', '_' and '-'.</summary>
    public static bool IsValidOrganizationName(string? text) =>
        text is { Length: > 0 and <= MaxOrganizationNameLength } && text.Trim() == text &&
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-');

    /// <summary>The NetBIOS-style name of a domain: its first label, upper case, at most 15 characters.</summary>
    public static string NetBiosName(string domain)
    {
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        var label = dot < 0 ? domain : domain[..dot];
        return Truncate(label, 15).ToUpperInvariant();
    }

    private static string Truncate(string text, int length)
    {
        var t = text.Length > length ? text[..length] : text;
        return t.TrimEnd('.', ' ');
    }
}
