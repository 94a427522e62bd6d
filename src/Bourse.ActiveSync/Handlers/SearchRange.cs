using System.Globalization;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// A Range of Search, Find or ItemOperations-like commands (MS-ASCMD 2.2.3.143.1/2.2.3.143.3): "m-n", zero-based,
/// both ends included, m ≤ n. The answer names the rows actually returned in the same form.
/// </summary>
internal readonly record struct SearchRange(int Start, int Count)
{
    /// Parses "m-n", keeping at most <paramref name="maxCount"/> rows from m; absent text is the default 0-(max-1).
    /// False for anything else (a sign, spaces, m &gt; n, n beyond <paramref name="maxEnd"/>).
    internal static bool TryParse(string? text, int maxCount, int maxEnd, out SearchRange range)
    {
        range = new SearchRange(0, maxCount);
        if (text is null)
            return true;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 ||
            !int.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ||
            !int.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ||
            m > n || n > maxEnd)
        {
            return false;
        }

        range = new SearchRange(m, Math.Min(n - m + 1, maxCount));
        return true;
    }

    /// The Range text for <paramref name="returned"/> rows from Start, or null when none were returned.
    internal string? Describe(int returned) =>
        returned <= 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{Start}-{Start + returned - 1}");
}
