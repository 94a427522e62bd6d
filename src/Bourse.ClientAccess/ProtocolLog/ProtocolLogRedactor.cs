using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// Makes request data safe to log: credential and token values in the query are replaced, opaque values (the EAS
/// base64-encoded query, MS-ASHTTP 2.2.1.1.1.1) are not kept, control characters cannot reach a terminal, lengths are capped.
/// </summary>
internal static class ProtocolLogRedactor
{
    public const string Redacted = "***";
    private const int MaxQueryLength = 512;
    private const int MaxValueLength = 128;

    // Parameter names whose values are, or may be, credentials: OAuth (RFC 6749/6750 access_token, code, id_token,
    // client_secret), passwords, signatures, OWA canaries and Exchange's cadata session cookies echoed into URLs.
    private static readonly string[] SensitiveNameParts =
    [
        "token", "password", "passwd", "pwd", "secret", "code", "sig", "canary", "auth", "credential", "session",
        "ticket", "assertion", "cadata", "key", "pass",
    ];

    public static bool IsSensitiveName(string name)
    {
        foreach (var part in SensitiveNameParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The query without credential values, or null when there is none.</summary>
    public static string? RedactQuery(QueryString query)
    {
        var raw = query.Value;
        if (string.IsNullOrEmpty(raw) || raw == "?")
        {
            return null;
        }
        var builder = new StringBuilder(Math.Min(raw.Length, MaxQueryLength));
        foreach (var pair in raw.AsSpan(1).Split('&'))
        {
            var part = raw.AsSpan(1)[pair];
            if (part.IsEmpty)
            {
                continue;
            }
            if (builder.Length > 0)
            {
                builder.Append('&');
            }
            var equals = part.IndexOf('=');
            if (equals < 0)
            {
                // A bare value: the EAS base64 query or a token pasted without a name. Not kept.
                builder.Append(Redacted);
                continue;
            }
            var name = Clean(Uri.UnescapeDataString(part[..equals].ToString()), 64)!;
            builder.Append(name).Append('=');
            if (IsSensitiveName(name))
            {
                builder.Append(Redacted);
            }
            else
            {
                builder.Append(Clean(Uri.UnescapeDataString(part[(equals + 1)..].ToString().Replace('+', ' ')), MaxValueLength));
            }
            if (builder.Length > MaxQueryLength)
            {
                builder.Length = MaxQueryLength;
                builder.Append('…');
                break;
            }
        }
        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>The text with control characters replaced and its length capped; null stays null.</summary>
    public static string? Clean(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        var length = Math.Min(value.Length, maxLength);
        var needsCopy = length < value.Length;
        for (var i = 0; i < length && !needsCopy; i++)
        {
            needsCopy = IsControl(value[i]);
        }
        if (!needsCopy)
        {
            return value;
        }
        return string.Create(length, value, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    private static bool IsControl(char c) => c < 0x20 || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029' or '\u202e';
}
