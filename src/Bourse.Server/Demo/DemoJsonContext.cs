using System.Text.Json.Serialization;

namespace Bourse.Server.Demo;

[JsonSerializable(typeof(DemoMarker))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
