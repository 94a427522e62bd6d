namespace Bourse.ClientAccess.Routing;

/// <summary>A strict syntax check for addresses found in explicit-logon forms. Anything unusual is simply not an address.</summary>
internal static class SmtpAddressSyntax
{
    public static bool IsValid(ReadOnlySpan<char> address)
    {
        // RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets, so 254 for the address.
        if (address.Length is < 3 or > 254)
        {
            return false;
        }
        var at = address.IndexOf('@');
        if (at < 1 || address.LastIndexOf('@') != at)
        {
            return false;
        }
        return IsValidLocalPart(address[..at]) && IsValidDomain(address[(at + 1)..]);
    }

    public static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        // RFC 1035 2.3.4 / RFC 1123 2.1: labels of letters, digits and hyphens, at most 63 each and 253 in all.
        if (domain.Length is < 1 or > 253)
        {
            return false;
        }
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is < 1 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static bool IsValidLocalPart(ReadOnlySpan<char> local)
    {
        // RFC 5321 4.5.3.1.1: at most 64 octets. RFC 5322 3.2.3 dot-atom, less the atext characters that mean something
        // in a URL ('/', '?', '#', '%', '{', '}', '|', '`'); quoted local parts are not accepted here.
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && ".!$&'*+-=^_~".IndexOf(c) < 0)
            {
                return false;
            }
        }
        return true;
    }
}
