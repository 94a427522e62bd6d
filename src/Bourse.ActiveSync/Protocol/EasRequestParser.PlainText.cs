using System.Globalization;

namespace Bourse.ActiveSync.Protocol;

internal static partial class EasRequestParser
{
    // MS-ASHTTP 2.2.1.1.1.2: Cmd, User, DeviceId, DeviceType, then the command-specific parameters of 2.2.1.1.1.2.5.
    private static readonly HashSet<string> KnownPlainTextParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Cmd", "User", "DeviceId", "DeviceType", "AttachmentName", "CollectionId", "ItemId", "LongId", "Occurrence", "SaveInSent",
    };

    private static EasRequestLineResult ParsePlainText(string query, IReadOnlyDictionary<string, string> headers, EasRequestLimits limits)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Unescape(pair[(equals + 1)..]);

            // Lenient: unknown parameters are ignored, as servers in the field do.
            if (!KnownPlainTextParameters.Contains(name))
            {
                continue;
            }

            if (value.Length > limits.MaxParameterLength)
            {
                return EasRequestLineResult.Fail(EasRequestLineError.ParameterTooLong);
            }

            if (!values.TryAdd(name, value))
            {
                return EasRequestLineResult.Fail(EasRequestLineError.DuplicateParameter);
            }
        }

        var cmd = values.GetValueOrDefault("Cmd");
        var user = values.GetValueOrDefault("User");
        var deviceId = values.GetValueOrDefault("DeviceId");
        var deviceType = values.GetValueOrDefault("DeviceType");
        var saveInSent = values.GetValueOrDefault("SaveInSent");

        if (string.IsNullOrEmpty(cmd))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.MissingCommand);
        }

        // MS-ASHTTP 2.2.1.1.1.2.1: Cmd names one of the commands of MS-ASCMD.
        if (!EasCommands.TryFromName(cmd, out var command))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.UnknownCommand);
        }

        var error = ValidateDeviceId(deviceId, limits);
        if (error == EasRequestLineError.None)
        {
            error = ValidateDeviceType(deviceType, limits);
        }

        if (error == EasRequestLineError.None && user is not null && user.Length > limits.MaxUserLength)
        {
            error = EasRequestLineError.UserTooLong;
        }

        if (error != EasRequestLineError.None)
        {
            return EasRequestLineResult.Fail(error);
        }

        // MS-ASHTTP 2.2.1.1.2.6: with the plain text query the version comes from the MS-ASProtocolVersion header.
        var versionText = Header(headers, ProtocolVersionHeader);
        if (string.IsNullOrWhiteSpace(versionText))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.MissingProtocolVersion);
        }

        if (!EasProtocolVersions.TryFromText(versionText, out var version))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.UnsupportedProtocolVersion);
        }

        // MS-ASHTTP 2.2.1.1.2.8: X-MS-PolicyKey carries the policy key, an unsigned 32-bit integer (MS-ASPROV 2.2.2.42).
        uint? policyKey = null;
        var policyText = Header(headers, PolicyKeyHeader);
        if (!string.IsNullOrWhiteSpace(policyText))
        {
            if (!uint.TryParse(policyText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var key))
            {
                return EasRequestLineResult.Fail(EasRequestLineError.InvalidPolicyKey);
            }

            policyKey = key;
        }

        // MS-ASHTTP 2.2.1.1.1.2.5: SaveInSent is "T" or "F" (default F).
        bool sent;
        switch (saveInSent)
        {
            case null or "F" or "f": sent = false; break;
            case "T" or "t": sent = true; break;
            default: return EasRequestLineResult.Fail(EasRequestLineError.InvalidParameter);
        }

        // MS-ASHTTP 2.2.1.1.2.5: MS-ASAcceptMultiPart: T asks for a multipart ItemOperations response.
        var multiPart = string.Equals(Header(headers, AcceptMultiPartHeader)?.Trim(), "T", StringComparison.OrdinalIgnoreCase);

        var parameters = new EasRequestParameters
        {
            AttachmentName = values.GetValueOrDefault("AttachmentName"),
            CollectionId = values.GetValueOrDefault("CollectionId"),
            ItemId = values.GetValueOrDefault("ItemId"),
            LongId = values.GetValueOrDefault("LongId"),
            Occurrence = values.GetValueOrDefault("Occurrence"),
            SaveInSent = sent,
            AcceptMultiPart = multiPart,
        };

        return EasRequestLineResult.Ok(new EasRequestLine(
            EasQueryForm.PlainText, command, string.IsNullOrEmpty(user) ? null : user, deviceId!, deviceType!, version, policyKey, null, parameters));
    }

    // HTML form encoding, as clients and ASP.NET use it: '+' is a space, %XX an octet of UTF-8.
    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
