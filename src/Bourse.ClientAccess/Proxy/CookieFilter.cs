using System.Text;

namespace Bourse.ClientAccess.Proxy;

/// <summary>Removes named cookies from a Cookie request header (RFC 6265 5.4: "name=value; name=value").</summary>
internal static class CookieFilter
{
    public static string Strip(IEnumerable<string> headerValues, IReadOnlyList<string> names)
    {
        var kept = new StringBuilder();
        foreach (var header in headerValues)
        {
            foreach (var range in header.AsSpan().Split(';'))
            {
                var pair = header.AsSpan()[range].Trim();
                if (pair.IsEmpty)
                {
                    continue;
                }
                var eq = pair.IndexOf('=');
                var name = (eq < 0 ? pair : pair[..eq]).Trim();
                if (Matches(name, names))
                {
                    continue;
                }
                if (kept.Length > 0)
                {
                    kept.Append("; ");
                }
                kept.Append(pair);
            }
        }
        return kept.ToString();
    }

    private static bool Matches(ReadOnlySpan<char> name, IReadOnlyList<string> names)
    {
        foreach (var candidate in names)
        {
            var matched = candidate.EndsWith('*')
                ? name.StartsWith(candidate.AsSpan(0, candidate.Length - 1), StringComparison.OrdinalIgnoreCase)
                : name.Equals(candidate, StringComparison.OrdinalIgnoreCase);
            if (matched)
            {
                return true;
            }
        }
        return false;
    }
}
