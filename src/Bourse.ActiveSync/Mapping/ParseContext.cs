using System.Globalization;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Mapping;

/// The state of one conversion: version, limits and the first failure. Readers return false after recording it.
internal sealed class ParseContext
{
    internal ParseContext(EasProtocolVersion version, ItemParseLimits limits)
    {
        Version = version;
        Limits = limits;
    }

    internal EasProtocolVersion Version { get; }

    internal ItemParseLimits Limits { get; }

    internal ItemParseError Error { get; private set; }

    internal string? ErrorElement { get; private set; }

    internal bool Failed => Error != ItemParseError.None;

    internal bool Fail(ItemParseError error, WbxmlElement element) => Fail(error, element.Namespace + ":" + element.Name);

    internal bool Fail(ItemParseError error, string element)
    {
        if (Error == ItemParseError.None)
        {
            Error = error;
            ErrorElement = element;
        }

        return false;
    }

    /// The text of a leaf element: inline string, or OPAQUE read as UTF-8; an element with children is not text.
    internal bool TryText(WbxmlElement element, out string text, int? maxChars = null)
    {
        text = "";
        if (element.Children.Count > 0)
        {
            return Fail(ItemParseError.InvalidValue, element);
        }

        if (element.Opaque is { } opaque)
        {
            if (opaque.Length > (long)(maxChars ?? Limits.MaxTextChars) * 4)
            {
                return Fail(ItemParseError.TooLarge, element);
            }

            text = Encoding.UTF8.GetString(opaque);
        }
        else
        {
            text = element.Text ?? "";
        }

        if (text.Length > (maxChars ?? Limits.MaxTextChars))
        {
            return Fail(ItemParseError.TooLarge, element);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            text = text.Replace("\0", "", StringComparison.Ordinal);
        }

        return true;
    }

    internal bool TryInt(WbxmlElement element, int min, int max, out int value)
    {
        value = 0;
        if (!TryText(element, out var text, 16))
        {
            return false;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            return Fail(ItemParseError.InvalidValue, element);
        }

        return true;
    }

    /// MS-ASDTYPE 2.1: boolean is 0 or 1.
    internal bool TryBool(WbxmlElement element, out bool value)
    {
        value = false;
        if (!TryText(element, out var text, 8))
        {
            return false;
        }

        switch (text.Trim())
        {
            case "0":
                return true;
            case "1":
                value = true;
                return true;
            default:
                return Fail(ItemParseError.InvalidValue, element);
        }
    }

    internal bool TryDate(WbxmlElement element, out DateTime value)
    {
        value = default;
        if (!TryText(element, out var text, 40))
        {
            return false;
        }

        return EasDateTime.TryParse(text, out value) || Fail(ItemParseError.InvalidDate, element);
    }

    internal bool TryDouble(WbxmlElement element, out double value)
    {
        value = 0;
        if (!TryText(element, out var text, 64))
        {
            return false;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            return Fail(ItemParseError.InvalidValue, element);
        }

        return true;
    }

    /// Base64 text or OPAQUE bytes, at most <paramref name="maxBytes"/>.
    internal bool TryBinary(WbxmlElement element, int maxBytes, out byte[] value)
    {
        value = [];
        if (element.Children.Count > 0)
        {
            return Fail(ItemParseError.InvalidValue, element);
        }

        if (element.Opaque is { } opaque)
        {
            if (opaque.Length > maxBytes)
            {
                return Fail(ItemParseError.TooLarge, element);
            }

            value = opaque;
            return true;
        }

        var text = element.Text ?? "";
        if ((long)text.Length * 3 / 4 > maxBytes + 3L)
        {
            return Fail(ItemParseError.TooLarge, element);
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written))
        {
            return Fail(ItemParseError.InvalidValue, element);
        }

        if (written > maxBytes)
        {
            return Fail(ItemParseError.TooLarge, element);
        }

        value = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// The texts of a list container (Categories/Category, Children/Child); empty entries are dropped.
    internal bool TryList(WbxmlElement element, string itemNamespace, string itemName, int maxChars, out string[] values)
    {
        values = [];
        if (element.Text is { Length: > 0 } || element.Opaque is not null)
        {
            return Fail(ItemParseError.InvalidValue, element);
        }

        var list = new List<string>(element.Children.Count);
        foreach (var child in element.Children)
        {
            if (child.Namespace != itemNamespace || child.Name != itemName)
            {
                continue;
            }

            if (list.Count >= Limits.MaxListEntries)
            {
                return Fail(ItemParseError.TooLarge, element);
            }

            if (!TryText(child, out var text, maxChars))
            {
                return false;
            }

            text = text.Trim();
            if (text.Length > 0 && !list.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                list.Add(text);
            }
        }

        values = [.. list];
        return true;
    }
}
