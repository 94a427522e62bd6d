using System.Text;

namespace Bourse.Server.Import;

/// <summary>
/// A quick look at a message's header section without a full MIME parse: is there one at all, and the few fields import
/// needs (Date, Status, X-Status). Folded lines are unfolded; names are case-insensitive.
/// </summary>
internal readonly record struct HeaderScan(bool HasHeader, string? Date, string? Status, string? XStatus)
{
    /// <summary>mbox Status/X-Status: 'R' means read (RFC 4155 readers such as mutt and Thunderbird write these).</summary>
    public bool IsMarkedRead => (Status?.Contains('R', StringComparison.Ordinal) ?? false) || (XStatus?.Contains('R', StringComparison.Ordinal) ?? false);

    public static HeaderScan Scan(ReadOnlySpan<byte> message)
    {
        string? date = null, status = null, xstatus = null;
        string? currentName = null;
        StringBuilder? currentValue = null;
        var first = true;
        var hasHeader = false;

        void Finish()
        {
            if (currentName is null)
                return;
            var value = currentValue!.ToString().Trim();
            if (currentName.Equals("Date", StringComparison.OrdinalIgnoreCase))
                date ??= value;
            else if (currentName.Equals("Status", StringComparison.OrdinalIgnoreCase))
                status ??= value;
            else if (currentName.Equals("X-Status", StringComparison.OrdinalIgnoreCase))
                xstatus ??= value;
            currentName = null;
        }

        var rest = message;
        while (rest.Length > 0)
        {
            var nl = rest.IndexOf((byte)'\n');
            var line = nl >= 0 ? rest[..nl] : rest;
            rest = nl >= 0 ? rest[(nl + 1)..] : [];
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            if (line.IsEmpty)
                break;
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (first)
                    return default;
                if (currentName is not null && currentValue!.Length < 4096)
                    currentValue.Append(' ').Append(Encoding.Latin1.GetString(line).Trim());
                continue;
            }
            var colon = FieldNameLength(line);
            if (colon < 0)
            {
                if (first)
                    return default;
                continue; // a stray line inside the header section; MIME parsers skip it too
            }
            Finish();
            first = false;
            hasHeader = true;
            var name = Encoding.ASCII.GetString(line[..colon]).TrimEnd();
            if (name.Equals("Date", StringComparison.OrdinalIgnoreCase) || name.Equals("Status", StringComparison.OrdinalIgnoreCase)
                || name.Equals("X-Status", StringComparison.OrdinalIgnoreCase))
            {
                currentName = name;
                currentValue = new StringBuilder(Encoding.Latin1.GetString(line[(colon + 1)..]));
            }
        }
        Finish();
        return new HeaderScan(hasHeader, date, status, xstatus);
    }

    /// <summary>RFC 5322 2.2: field-name is printable US-ASCII except ':'; some writers put spaces before the colon.</summary>
    private static int FieldNameLength(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (i < line.Length && line[i] is > 32 and < 127 and not (byte)':')
            i++;
        if (i == 0)
            return -1;
        var j = i;
        while (j < line.Length && line[j] is (byte)' ' or (byte)'\t')
            j++;
        return j < line.Length && line[j] == ':' ? j : -1;
    }
}
