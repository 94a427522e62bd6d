using System.Globalization;
using Bourse.Core.Ids;

namespace Bourse.ActiveSync.Mapping;

/// The FileReference of an attachment: "{item}:{attachNumber}", the item's store counter and PidTagAttachNumber in
/// decimal. Sync renders it; ItemOperations Fetch and GetAttachment resolve it (with the caller's own mailbox).
// MS-ASAIRS FileReference: FileReference is an opaque string the server assigns to each attachment; the client hands it back.
internal static class FileReferences
{
    internal static string Format(ItemId item, int attachNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attachNumber);
        return string.Create(CultureInfo.InvariantCulture, $"{item.Value}:{attachNumber}");
    }

    /// Parses a FileReference from a device; false for anything malformed (never throws on client input).
    internal static bool TryParse(string? text, out ItemId item, out int attachNumber)
    {
        item = default;
        attachNumber = 0;
        if (!ServerIds.CounterPair.TryParse(text, ':', out var i, out var a) || i <= 0 || a > int.MaxValue)
        {
            return false;
        }

        item = new ItemId(i);
        attachNumber = (int)a;
        return true;
    }
}
