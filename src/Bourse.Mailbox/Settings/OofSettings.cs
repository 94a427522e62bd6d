using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bourse.Mailbox.Settings;

/// <summary>
/// A mailbox's Out-of-Office settings, as ActiveSync Settings Oof (MS-ASCMD 2.2.3.122) and Outlook on the web read and write them, kept in the store as the
/// mailbox state <see cref="StateKey"/> — JSON, so another protocol (EWS Get/SetUserOofSettings) can share it: the state,
/// the scheduled window, and one reply per audience (internal, known external senders, every external sender).
/// </summary>
public sealed record OofSettings
{
    /// Per mailbox, not per device: every client of the user sees the same OOF.
    public const string StateKey = "oof/settings";

    /// MS-ASCMD 2.2.3.124 OofState: 0 disabled, 1 enabled, 2 enabled for the StartTime–EndTime window.
    [JsonPropertyName("state")]
    public int State { get; init; }

    [JsonPropertyName("startUtc")]
    public DateTime? StartUtc { get; init; }

    [JsonPropertyName("endUtc")]
    public DateTime? EndUtc { get; init; }

    [JsonPropertyName("internal")]
    public OofReply? Internal { get; init; }

    [JsonPropertyName("externalKnown")]
    public OofReply? ExternalKnown { get; init; }

    [JsonPropertyName("externalUnknown")]
    public OofReply? ExternalUnknown { get; init; }

    public static OofSettings Default { get; } = new();

    /// The stored settings, or the defaults when none (or unreadable ones) are stored.
    public static OofSettings Read(byte[]? data)
    {
        if (data is null)
            return Default;
        try
        {
            return JsonSerializer.Deserialize(data, OofSettingsJsonContext.Default.OofSettings) ?? Default;
        }
        catch (JsonException)
        {
            return Default;
        }
    }

    public byte[] Write() => JsonSerializer.SerializeToUtf8Bytes(this, OofSettingsJsonContext.Default.OofSettings);
}

/// One audience's automatic reply; <see cref="IsHtml"/> says in which form <see cref="Message"/> was written.
public sealed record OofReply
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("html")]
    public bool IsHtml { get; init; }
}

[JsonSerializable(typeof(OofSettings))]
internal sealed partial class OofSettingsJsonContext : JsonSerializerContext;
