using System.Text.Json.Serialization;

namespace Bourse.Server.Hosting.Unavailable;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OwaApiError))]
internal sealed partial class OwaApiJsonContext : JsonSerializerContext;
