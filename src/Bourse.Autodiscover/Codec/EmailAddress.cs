namespace Bourse.Autodiscover.Codec;

// The shape check Autodiscover applies to an address before looking it up: local@domain, no spaces or controls.
internal static class EmailAddress
{
    public static bool IsPlausible(string address)
    {
        if (address.Length is < 3 or > 320)
            return false;
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
            return false;
        foreach (var c in address)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or '"' or '/' or '\\')
                return false;
        }

        var domain = address.AsSpan(at + 1);
        return domain.IndexOf('@') < 0 && !domain.StartsWith(".") && !domain.EndsWith(".");
    }

    public static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];
}
