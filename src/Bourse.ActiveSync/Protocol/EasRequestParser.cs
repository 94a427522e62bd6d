namespace Bourse.ActiveSync.Protocol;

/// Parses the ActiveSync request line (query value plus the headers that complete it) into an <see cref="EasRequestLine"/>.
/// Pure: no HTTP types, no storage; every rejection is returned as an <see cref="EasRequestLineError"/>, never thrown.
internal static partial class EasRequestParser
{
    internal const string ProtocolVersionHeader = "MS-ASProtocolVersion";
    internal const string PolicyKeyHeader = "X-MS-PolicyKey";
    internal const string AcceptMultiPartHeader = "MS-ASAcceptMultiPart";

    internal static EasRequestLineResult Parse(string? rawQuery, IReadOnlyDictionary<string, string> headers) =>
        Parse(rawQuery, headers, EasRequestLimits.Default);

    internal static EasRequestLineResult Parse(string? rawQuery, IReadOnlyDictionary<string, string> headers, EasRequestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(limits);
        var query = rawQuery is ['?', ..] ? rawQuery[1..] : rawQuery;
        if (string.IsNullOrEmpty(query))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.EmptyQuery);
        }

        if (query.Length > limits.MaxQueryLength)
        {
            return EasRequestLineResult.Fail(EasRequestLineError.QueryTooLong);
        }

        return IsPlainText(query) ? ParsePlainText(query, headers, limits) : ParseBase64(query, limits);
    }

    // MS-ASHTTP 2.2.1.1.1.2: the plain text form is name=value pairs joined by '&'; base64 (RFC 2045) has '=' only as trailing padding.
    private static bool IsPlainText(string query)
    {
        if (query.Contains('&', StringComparison.Ordinal))
        {
            return true;
        }

        var body = query.AsSpan();
        while (true)
        {
            if (body.EndsWith("="))
            {
                body = body[..^1];
            }
            else if (body.EndsWith("%3D", StringComparison.OrdinalIgnoreCase))
            {
                body = body[..^3];
            }
            else
            {
                break;
            }
        }

        return body.Contains('=');
    }

    // MS-ASHTTP 2.2.1.1.1.2.3: the device ID MUST NOT contain commas or special characters; we accept ASCII letters and digits.
    private static EasRequestLineError ValidateDeviceId(string? deviceId, EasRequestLimits limits)
    {
        if (string.IsNullOrEmpty(deviceId))
        {
            return EasRequestLineError.MissingDeviceId;
        }

        if (deviceId.Length > limits.MaxDeviceIdLength)
        {
            return EasRequestLineError.DeviceIdTooLong;
        }

        foreach (var c in deviceId)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return EasRequestLineError.InvalidDeviceId;
            }
        }

        return EasRequestLineError.None;
    }

    // MS-ASHTTP 2.2.1.1.1.2.4: the device type is a required string naming the kind of device; printable ASCII without commas.
    private static EasRequestLineError ValidateDeviceType(string? deviceType, EasRequestLimits limits)
    {
        if (string.IsNullOrEmpty(deviceType))
        {
            return EasRequestLineError.MissingDeviceType;
        }

        if (deviceType.Length > limits.MaxDeviceTypeLength)
        {
            return EasRequestLineError.DeviceTypeTooLong;
        }

        foreach (var c in deviceType)
        {
            if (c is < '!' or > '~' or ',')
            {
                return EasRequestLineError.InvalidDeviceType;
            }
        }

        return EasRequestLineError.None;
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }

        // RFC 7230 3.2: header names are case-insensitive, whatever comparer the caller's dictionary uses.
        foreach (var pair in headers)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
