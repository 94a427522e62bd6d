using System.Text;

namespace Bourse.ActiveSync.Tests.Protocol;

/// Builds a base64-encoded query value byte by byte, following the layout of MS-ASHTTP 2.2.1.1.1.1.
internal sealed class EasBase64Request
{
    private readonly List<byte> bytes = [];

    /// Offsets at which the byte sequence is a complete request (the end of the device type and of each parameter).
    internal List<int> CompleteAt { get; } = [];

    internal static EasBase64Request Header(byte version, byte command, ushort locale, string deviceId, uint? policyKey, string deviceType) =>
        Header(version, command, locale, Encoding.ASCII.GetBytes(deviceId), policyKey, deviceType);

    internal static EasBase64Request Header(byte version, byte command, ushort locale, byte[] deviceId, uint? policyKey, string deviceType)
    {
        var request = new EasBase64Request();
        request.bytes.Add(version);
        request.bytes.Add(command);
        request.bytes.Add((byte)(locale & 0xFF));
        request.bytes.Add((byte)(locale >> 8));
        request.bytes.Add((byte)deviceId.Length);
        request.bytes.AddRange(deviceId);
        if (policyKey is { } key)
        {
            request.bytes.Add(4);
            request.bytes.AddRange([(byte)key, (byte)(key >> 8), (byte)(key >> 16), (byte)(key >> 24)]);
        }
        else
        {
            request.bytes.Add(0);
        }

        var type = Encoding.ASCII.GetBytes(deviceType);
        request.bytes.Add((byte)type.Length);
        request.bytes.AddRange(type);
        request.CompleteAt.Add(request.bytes.Count);
        return request;
    }

    internal EasBase64Request Parameter(byte tag, string value) => Parameter(tag, Encoding.UTF8.GetBytes(value));

    internal EasBase64Request Parameter(byte tag, byte[] value)
    {
        bytes.Add(tag);
        bytes.Add((byte)value.Length);
        bytes.AddRange(value);
        CompleteAt.Add(bytes.Count);
        return this;
    }

    internal EasBase64Request Raw(params byte[] raw)
    {
        bytes.AddRange(raw);
        return this;
    }

    internal byte[] ToBytes() => [.. bytes];

    internal string ToQuery() => Convert.ToBase64String(ToBytes());
}
