using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// A mailbox's Out-of-Office settings as Settings Oof reads and writes them (MS-ASCMD 2.2.3.122), kept in the store as the
/// mailbox state <see cref="StateKey"/> — JSON, so another protocol (EWS Get/SetUserOofSettings) can share it: the state,
/// the scheduled window, and one reply per audience (internal, known external senders, every external sender).
/// </summary>
internal sealed record SettingsOof
{
    /// Per mailbox, not per device: every client of the user sees the same OOF.
    internal const string StateKey = "oof/settings";

    /// MS-ASCMD 2.2.3.124 OofState: 0 disabled, 1 enabled, 2 enabled for the StartTime–EndTime window.
    [JsonPropertyName("state")]
    public int State { get; init; }

    [JsonPropertyName("startUtc")]
    public DateTime? StartUtc { get; init; }

    [JsonPropertyName("endUtc")]
    public DateTime? EndUtc { get; init; }

    [JsonPropertyName("internal")]
    public SettingsOofMessage? Internal { get; init; }

    [JsonPropertyName("externalKnown")]
    public SettingsOofMessage? ExternalKnown { get; init; }

    [JsonPropertyName("externalUnknown")]
    public SettingsOofMessage? ExternalUnknown { get; init; }

    internal static SettingsOof Default { get; } = new();

    /// The stored settings, or the defaults when none (or unreadable ones) are stored.
    internal static SettingsOof Read(byte[]? data)
    {
        if (data is null)
            return Default;
        try
        {
            return JsonSerializer.Deserialize(data, SettingsOofJsonContext.Default.SettingsOof) ?? Default;
        }
        catch (JsonException)
        {
            return Default;
        }
    }

    internal byte[] Write() => JsonSerializer.SerializeToUtf8Bytes(this, SettingsOofJsonContext.Default.SettingsOof);
}

/// One audience's automatic reply; <see cref="IsHtml"/> says in which form <see cref="Message"/> was written.
internal sealed record SettingsOofMessage
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("html")]
    public bool IsHtml { get; init; }
}

[JsonSerializable(typeof(SettingsOof))]
internal sealed partial class SettingsOofJsonContext : JsonSerializerContext;
