namespace Bourse.Mailbox;

/// <summary>Minimal checks on an envelope address (RFC 5321 4.1.2 / 4.5.3.1); the directory does the real matching.</summary>
internal static class SmtpAddress
{
    /// <summary>The address without angle brackets or surrounding space, or null when it cannot be a mailbox.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
            return null;
        var s = input.Trim();
        if (s.StartsWith('<') && s.EndsWith('>'))
            s = s[1..^1].Trim();
        var at = s.LastIndexOf('@');
        // RFC 5321 4.5.3.1.1/4.5.3.1.2: local part at most 64 octets, domain at most 255.
        if (at <= 0 || at == s.Length - 1 || at > 64 || s.Length - at - 1 > 255)
            return null;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';')
                return null;
        }
        return s;
    }

    public static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..];
}
