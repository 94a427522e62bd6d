using System.Text.Json.Serialization;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>Source-generated JSON for the log lines: camelCase names, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(ProtocolLogRecord))]
internal sealed partial class ProtocolLogJsonContext : JsonSerializerContext;
