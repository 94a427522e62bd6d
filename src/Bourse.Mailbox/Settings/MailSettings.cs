using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bourse.Mailbox.Settings;

/// <summary>
/// A mailbox's own mail settings — the signature added to new messages and the user's time zone — kept in the store as the
/// mailbox state <see cref="StateKey"/> (JSON), so every client of the user (Outlook on the web now, EWS later) sees the same.
/// </summary>
public sealed record MailSettings
{
    /// Per mailbox, beside <see cref="OofSettings.StateKey"/>.
    public const string StateKey = "mail/settings";

    /// The longest signature kept, in characters (Exchange limits the signature text to a few thousand characters).
    public const int MaxSignatureChars = 32 * 1024;

    /// The signature as sanitized HTML (the writer sanitizes before storing).
    [JsonPropertyName("signatureHtml")]
    public string SignatureHtml { get; init; } = "";

    [JsonPropertyName("autoAddSignature")]
    public bool AutoAddSignature { get; init; }

    /// An IANA time zone id (e.g. "Europe/Paris"); UTC until the user picks one.
    [JsonPropertyName("timeZone")]
    public string TimeZone { get; init; } = "UTC";

    public static MailSettings Default { get; } = new();

    /// The stored settings, or the defaults when none (or unreadable ones) are stored.
    public static MailSettings Read(byte[]? data)
    {
        if (data is null)
            return Default;
        try
        {
            var settings = JsonSerializer.Deserialize(data, MailSettingsJsonContext.Default.MailSettings) ?? Default;
            return settings with { SignatureHtml = settings.SignatureHtml ?? "", TimeZone = IsIanaTimeZone(settings.TimeZone) ? settings.TimeZone : "UTC" };
        }
        catch (JsonException)
        {
            return Default;
        }
    }

    public byte[] Write() => JsonSerializer.SerializeToUtf8Bytes(this, MailSettingsJsonContext.Default.MailSettings);

    /// <summary>
    /// Whether <paramref name="id"/> names an IANA time zone known to this system ("Europe/Paris", "UTC"). Only the
    /// characters of tz database names are accepted, so no text reaches the zone file lookup as a path.
    /// </summary>
    public static bool IsIanaTimeZone(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || id[0] == '/' || id[^1] == '/' || id.Contains("//", StringComparison.Ordinal) || id.Contains("..", StringComparison.Ordinal))
            return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('/' or '_' or '-' or '+'))
                return false;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
    }
}

[JsonSerializable(typeof(MailSettings))]
internal sealed partial class MailSettingsJsonContext : JsonSerializerContext;
