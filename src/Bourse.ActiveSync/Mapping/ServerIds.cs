using System.Globalization;
using Bourse.Core.Ids;

namespace Bourse.ActiveSync.Mapping;

/// The ActiveSync ServerId of an item: "{folder}:{item}", both store counters in decimal. One definition for Sync,
/// ItemOperations, MoveItems and MeetingResponse. A folder's own ServerId is its counter alone (FolderSync).
// MS-ASCMD 2.2.3.166.8: ServerId is a string of at most 64 characters, unique within the mailbox.
internal static class ServerIds
{
    /// 48-bit counter (MS-OXCDATA 2.2.1.1) is at most 15 decimal digits; two of them and a colon fit in 64.
    private const int MaxDigits = 15;
    private const long MaxCounter = 0xFFFF_FFFF_FFFF;

    internal static string Format(FolderId folder, ItemId item) =>
        string.Create(CultureInfo.InvariantCulture, $"{folder.Value}:{item.Value}");

    /// Parses a ServerId from a device; false for anything that is not exactly two positive decimal counters.
    internal static bool TryParse(string? text, out FolderId folder, out ItemId item)
    {
        folder = default;
        item = default;
        if (!CounterPair.TryParse(text, ':', out var f, out var i) || f <= 0 || i <= 0)
        {
            return false;
        }

        folder = new FolderId(f);
        item = new ItemId(i);
        return true;
    }

    /// Two decimal counters joined by a separator, strictly: digits only, no sign, no white space, no leading zeros
    /// beyond "0" itself, each within 48 bits.
    internal static class CounterPair
    {
        internal static bool TryParse(string? text, char separator, out long first, out long second)
        {
            first = 0;
            second = 0;
            if (string.IsNullOrEmpty(text) || text.Length > 2 * MaxDigits + 1)
            {
                return false;
            }

            var at = text.IndexOf(separator, StringComparison.Ordinal);
            return at > 0
                && TryCounter(text.AsSpan(0, at), out first)
                && TryCounter(text.AsSpan(at + 1), out second);
        }

        private static bool TryCounter(ReadOnlySpan<char> digits, out long value)
        {
            value = 0;
            if (digits.Length is 0 or > MaxDigits || (digits.Length > 1 && digits[0] == '0'))
            {
                return false;
            }

            foreach (var c in digits)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return value <= MaxCounter;
        }
    }
}
