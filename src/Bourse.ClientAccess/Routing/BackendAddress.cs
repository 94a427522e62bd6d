namespace Bourse.ClientAccess.Routing;

/// <summary>Parses configured back-end addresses and certificate thumbprints.</summary>
internal static class BackendAddress
{
    public static bool TryParse(string? value, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps ||
            parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
        {
            return false;
        }
        uri = new Uri(parsed.GetLeftPart(UriPartial.Authority) + "/", UriKind.Absolute);
        return true;
    }

    /// <summary>Upper-case hex without separators, or null when it is not a SHA-1 or SHA-256 thumbprint.</summary>
    public static string? NormalizeThumbprint(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var hex = value.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length is 40 or 64 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }
}
