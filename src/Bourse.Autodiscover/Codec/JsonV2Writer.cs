using System.Text.Json;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Codec;

// Encodes Autodiscover v2 answers: {"Protocol":"EWS","Url":"…"} or {"ErrorCode":"…","ErrorMessage":"…"}.
internal static class JsonV2Writer
{
    public static byte[] Write(JsonV2Response response)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            if (response.ErrorCode is null)
            {
                w.WriteString("Protocol", response.Protocol);
                w.WriteString("Url", response.Url);
            }
            else
            {
                w.WriteString("ErrorCode", response.ErrorCode);
                w.WriteString("ErrorMessage", response.ErrorMessage);
            }

            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}
