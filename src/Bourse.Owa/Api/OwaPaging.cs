using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Api;

/// <summary>The <c>offset</c> and <c>limit</c> of a list call (docs/owa-api.md); a bad value is 400 InvalidValue.</summary>
internal static class OwaPaging
{
    /// <summary>
    /// Reads offset (default 0, at most <paramref name="maxOffset"/>) and limit (default <paramref name="defaultLimit"/>, at
    /// least 1): a limit over <paramref name="maxLimit"/> is refused, or cut to it when <paramref name="clampLimit"/>.
    /// </summary>
    public static bool TryRead(IQueryCollection query, int defaultLimit, int maxLimit, out int offset, out int limit, bool clampLimit = false, int maxOffset = int.MaxValue)
    {
        offset = 0;
        limit = defaultLimit;
        var offsetText = (string?)query["offset"];
        var limitText = (string?)query["limit"];
        if (!string.IsNullOrEmpty(offsetText) && (!int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > maxOffset))
            return false;
        if (!string.IsNullOrEmpty(limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || (limit > maxLimit && !clampLimit)))
            return false;
        limit = Math.Min(limit, maxLimit);
        return true;
    }
}
