using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Bourse.ActiveSync.Protocol;

internal static partial class EasRequestParser
{
    // MS-ASHTTP 2.2.1.1.1.1.3: command parameter tags.
    private const byte TagAttachmentName = 0;
    private const byte TagCollectionId = 1;
    private const byte TagItemId = 3;
    private const byte TagLongId = 4;
    private const byte TagOccurrence = 6;
    private const byte TagOptions = 7;
    private const byte TagUser = 8;

    private static EasRequestLineResult ParseBase64(string query, EasRequestLimits limits)
    {
        // RFC 3986 2.1: the value may arrive percent-encoded ('+', '/', '=' as %2B, %2F, %3D).
        var text = Uri.UnescapeDataString(query).Trim();
        var remainder = text.TrimEnd('=').Length % 4;
        if (remainder == 1)
        {
            return EasRequestLineResult.Fail(EasRequestLineError.InvalidBase64);
        }

        // MS-ASHTTP 2.2.1.1.1.1: base64 per RFC 2045; clients that drop the padding are accepted.
        if (remainder != 0 && !text.EndsWith('='))
        {
            text += new string('=', 4 - remainder);
        }

        var bytes = new byte[text.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.InvalidBase64);
        }

        return ParseBase64Bytes(bytes.AsSpan(0, length), limits);
    }

    /// Parses the decoded byte sequence of the base64 form (MS-ASHTTP 2.2.1.1.1.1).
    internal static EasRequestLineResult ParseBase64Bytes(ReadOnlySpan<byte> bytes, EasRequestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var offset = 0;

        // MS-ASHTTP 2.2.1.1.1.1: Protocol version (1 byte), e.g. 141 for 14.1.
        if (bytes.Length < 1)
        {
            return EasRequestLineResult.Fail(EasRequestLineError.Truncated, offset);
        }

        if (!EasProtocolVersions.TryFromByte(bytes[0], out var version))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.UnsupportedProtocolVersion, 0);
        }

        // MS-ASHTTP 2.2.1.1.1.1: Command code (1 byte), from the table of 2.2.1.1.1.1.2.
        if (bytes.Length < 2)
        {
            return EasRequestLineResult.Fail(EasRequestLineError.Truncated, 1);
        }

        if (!EasCommands.TryFromCode(bytes[1], out var command))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.UnknownCommand, 1);
        }

        // MS-ASHTTP 2.2.1.1.1.1: Locale (2 bytes, little-endian), e.g. 0x0409 for en-US.
        if (bytes.Length < 4)
        {
            return EasRequestLineResult.Fail(EasRequestLineError.Truncated, bytes.Length);
        }

        var locale = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        offset = 4;

        // MS-ASHTTP 2.2.1.1.1.1: Device ID length (1 byte) then Device ID (a string or a GUID).
        if (!TryReadLengthPrefixed(bytes, ref offset, out var deviceIdBytes))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.Truncated, bytes.Length);
        }

        var deviceId = DeviceIdText(deviceIdBytes);
        var error = ValidateDeviceId(deviceId, limits);
        if (error != EasRequestLineError.None)
        {
            return EasRequestLineResult.Fail(error, 4);
        }

        // MS-ASHTTP 2.2.1.1.1.1: Policy key length (1 byte, 0 or 4) then the policy key (uint32, little-endian).
        var policyKeyOffset = offset;
        if (!TryReadLengthPrefixed(bytes, ref offset, out var policyKeyBytes))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.Truncated, bytes.Length);
        }

        if (policyKeyBytes.Length is not (0 or 4))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.InvalidPolicyKey, policyKeyOffset);
        }

        uint? policyKey = policyKeyBytes.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(policyKeyBytes) : null;

        // MS-ASHTTP 2.2.1.1.1.1: Device type length (1 byte) then Device type (string).
        var deviceTypeOffset = offset;
        if (!TryReadLengthPrefixed(bytes, ref offset, out var deviceTypeBytes))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.Truncated, bytes.Length);
        }

        if (!Utf8.IsValid(deviceTypeBytes))
        {
            return EasRequestLineResult.Fail(EasRequestLineError.InvalidUtf8, deviceTypeOffset);
        }

        var deviceType = Encoding.UTF8.GetString(deviceTypeBytes);
        error = ValidateDeviceType(deviceType, limits);
        if (error != EasRequestLineError.None)
        {
            return EasRequestLineResult.Fail(error, deviceTypeOffset);
        }

        // MS-ASHTTP 2.2.1.1.1.1: then zero or more command parameters, each Tag (1 byte), Length (1 byte), Value.
        string? attachmentName = null, collectionId = null, itemId = null, longId = null, occurrence = null, user = null;
        EasRequestOptions? options = null;
        while (offset < bytes.Length)
        {
            var tagOffset = offset;
            var tag = bytes[offset++];
            if (!TryReadLengthPrefixed(bytes, ref offset, out var value))
            {
                return EasRequestLineResult.Fail(EasRequestLineError.Truncated, bytes.Length);
            }

            if (tag == TagOptions)
            {
                // MS-ASHTTP 2.2.1.1.1.1.3: Options is a single-byte bitmask.
                if (options is not null)
                {
                    return EasRequestLineResult.Fail(EasRequestLineError.DuplicateParameter, tagOffset);
                }

                if (value.Length != 1)
                {
                    return EasRequestLineResult.Fail(EasRequestLineError.InvalidParameter, tagOffset);
                }

                options = (EasRequestOptions)value[0];
                continue;
            }

            if (!Utf8.IsValid(value))
            {
                return EasRequestLineResult.Fail(EasRequestLineError.InvalidUtf8, tagOffset);
            }

            var text = Encoding.UTF8.GetString(value);
            var slotFilled = tag switch
            {
                TagAttachmentName => Assign(ref attachmentName, text),
                TagCollectionId => Assign(ref collectionId, text),
                TagItemId => Assign(ref itemId, text),
                TagLongId => Assign(ref longId, text),
                TagOccurrence => Assign(ref occurrence, text),
                TagUser => Assign(ref user, text),
                _ => (bool?)null,
            };
            if (slotFilled is null)
            {
                return EasRequestLineResult.Fail(EasRequestLineError.UnknownParameter, tagOffset);
            }

            if (slotFilled == false)
            {
                return EasRequestLineResult.Fail(EasRequestLineError.DuplicateParameter, tagOffset);
            }

            if (tag == TagUser && text.Length > limits.MaxUserLength)
            {
                return EasRequestLineResult.Fail(EasRequestLineError.UserTooLong, tagOffset);
            }
        }

        var flags = options ?? EasRequestOptions.None;
        var parameters = new EasRequestParameters
        {
            AttachmentName = attachmentName,
            CollectionId = collectionId,
            ItemId = itemId,
            LongId = longId,
            Occurrence = occurrence,
            SaveInSent = flags.HasFlag(EasRequestOptions.SaveInSent),
            AcceptMultiPart = flags.HasFlag(EasRequestOptions.AcceptMultiPart),
        };

        return EasRequestLineResult.Ok(new EasRequestLine(
            EasQueryForm.Base64, command, string.IsNullOrEmpty(user) ? null : user, deviceId, deviceType, version, policyKey, locale, parameters));
    }

    private static bool TryReadLengthPrefixed(ReadOnlySpan<byte> bytes, ref int offset, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (offset >= bytes.Length)
        {
            return false;
        }

        var length = bytes[offset];
        if (bytes.Length - offset - 1 < length)
        {
            return false;
        }

        value = bytes.Slice(offset + 1, length);
        offset += 1 + length;
        return true;
    }

    private static bool Assign(ref string? slot, string value)
    {
        if (slot is not null)
        {
            return false;
        }

        slot = value;
        return true;
    }

    // MS-ASHTTP 2.2.1.1.1.1: the Device ID is a string or a GUID; a binary ID is carried as uppercase hex so it stays alphanumeric.
    private static string DeviceIdText(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!char.IsAsciiLetterOrDigit((char)b))
            {
                return Convert.ToHexString(bytes);
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }
}
