using System.Net.Mail;

namespace Bourse.Directory.Naming;

/// <summary>
/// A validated SMTP mailbox address. Stricter than <see cref="MailAddress"/>: the local part must be an RFC 5322
/// dot-atom (no quoted strings, no comments) and the domain a host name of letters, digits and hyphens (no address
/// literals); ASCII only. The local part keeps its case for display; the domain is folded to lower case.
/// </summary>
internal readonly record struct SmtpAddress(string LocalPart, string Domain)
{
    /// <summary>RFC 5321 4.5.3.1.3 (path 256 minus the angle brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>RFC 5321 4.5.3.1.1.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>For display: the local part as given, the domain in lower case.</summary>
    public string Address => LocalPart + "@" + Domain;

    /// <summary>The lookup key: everything in lower case (addresses are matched case-insensitively, as Exchange does).</summary>
    public string Key => Address.ToLowerInvariant();

    public static bool TryParse(string? text, out SmtpAddress address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        text = text.Trim();
        if (text.Length > MaxLength)
            return false;
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
            return false;
        var local = text[..at];
        if (!IsDotAtom(local) || !TryNormalizeDomain(text[(at + 1)..], allowTrailingDot: false, out var domain))
            return false;

        // Belt and braces: the framework parser must agree that this is a bare address.
        if (!MailAddress.TryCreate(text, out var parsed) || parsed.DisplayName.Length != 0 ||
            !string.Equals(parsed.Address, text, StringComparison.OrdinalIgnoreCase))
            return false;

        address = new SmtpAddress(local, domain);
        return true;
    }

    /// <summary>RFC 1035 2.3.1 host name (LDH labels of 1-63, 253 in all), folded to lower case.</summary>
    public static bool TryNormalizeDomain(string? text, bool allowTrailingDot, out string domain)
    {
        domain = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        text = text.Trim();
        if (allowTrailingDot && text.EndsWith('.'))
            text = text[..^1];
        if (text.Length is 0 or > 253)
            return false;

        var labels = text.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                    return false;
            }
        }

        // A top-level label of digits only would make an IPv4 address look like a domain.
        if (labels[^1].All(char.IsAsciiDigit))
            return false;

        domain = text.ToLowerInvariant();
        return true;
    }

    private static bool IsDotAtom(string local)
    {
        if (local.Length is 0 or > MaxLocalPartLength || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            return false;
        foreach (var c in local)
        {
            if (c != '.' && !IsAtext(c))
                return false;
        }

        return true;
    }

    // RFC 5322 3.2.3 atext.
    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal);
}
