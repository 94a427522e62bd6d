using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bourse.ClientAccess.Routing;
using Bourse.Core.Ids;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Proxy;

/// <summary>
/// Signs and verifies the identity a front end forwards to a back end:
/// <c>v1;{mailbox GUID};{auth method};{unix seconds};{client address or -};{HMAC-SHA256, base64url}</c>.
/// The MAC covers every field plus the request method, canonical path and decoded query, so a header cannot be
/// moved to another request, another user, or kept beyond its lifetime.
/// </summary>
internal sealed class BackendIdentitySigner(IOptionsMonitor<ClientAccessOptions> options, TimeProvider time)
{
    private const string Version = "v1";
    private const int MacLength = 32;

    public string? Sign(BackendIdentity identity, string httpMethod, string pathAndQuery)
    {
        var key = Key();
        if (key is null)
        {
            return null;
        }
        var fields = string.Join(';',
            Version,
            identity.Mailbox.Value.ToString("N"),
            identity.AuthMethod,
            identity.IssuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            identity.ClientAddress ?? "-");
        return fields + ";" + Base64Url.EncodeToString(Mac(key, fields, httpMethod, pathAndQuery));
    }

    public BackendIdentity Issue(MailboxId mailbox, string authMethod, IPAddress? client) =>
        new(mailbox, authMethod, client?.ToString(), time.GetUtcNow());

    public BackendIdentityError Verify(string header, string httpMethod, string pathAndQuery, out BackendIdentity? identity)
    {
        identity = null;
        var key = Key();
        if (key is null)
        {
            return BackendIdentityError.NotConfigured;
        }
        var parts = header.Split(';');
        if (parts.Length != 6 || parts[0] != Version ||
            !Guid.TryParseExact(parts[1], "N", out var mailbox) ||
            parts[2].Length is < 1 or > 16 || !parts[2].All(char.IsAsciiLetter) ||
            !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            (parts[4] != "-" && !IPAddress.TryParse(parts[4], out _)) ||
            !TryDecodeMac(parts[5], out var mac))
        {
            return BackendIdentityError.Malformed;
        }
        var fields = header[..header.LastIndexOf(';')];
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(key, fields, httpMethod, pathAndQuery)))
        {
            return BackendIdentityError.BadSignature;
        }
        if (seconds > 253402300799)
        {
            return BackendIdentityError.Malformed;
        }
        var issued = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var lifetime = options.CurrentValue.IdentityLifetime;
        var age = time.GetUtcNow() - issued;
        if (age > lifetime || age < -lifetime)
        {
            return BackendIdentityError.Expired;
        }
        identity = new BackendIdentity(new MailboxId(mailbox), parts[2], parts[4] == "-" ? null : parts[4], issued);
        return BackendIdentityError.None;
    }

    private byte[]? Key() =>
        options.CurrentValue.SharedSecret is { Length: >= ClientAccessOptionsValidator.MinimumSecretLength } secret
            ? Encoding.UTF8.GetBytes(secret)
            : null;

    private static byte[] Mac(byte[] key, string fields, string httpMethod, string pathAndQuery)
    {
        var data = Encoding.UTF8.GetBytes("bourse-identity\n" + fields + "\n" + httpMethod.ToUpperInvariant() + "\n" + pathAndQuery);
        return HMACSHA256.HashData(key, data);
    }

    private static bool TryDecodeMac(string text, out byte[] mac)
    {
        mac = new byte[MacLength];
        return Base64Url.TryDecodeFromChars(text, mac, out var written) && written == MacLength;
    }
}
