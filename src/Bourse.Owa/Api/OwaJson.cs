using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Api;

/// <summary>The API's JSON conventions (docs/owa-api.md): camelCase, enums as camelCase strings, nulls written.</summary>
internal static class OwaJson
{
    /// <summary>JSON request bodies larger than this are refused with 413 before they are parsed.</summary>
    public const int MaxJsonBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        MaxDepth = 16,
    };

    /// <summary>A JSON answer with <c>Cache-Control: no-store</c>.</summary>
    public static IResult Ok<T>(T value, int status = StatusCodes.Status200OK) => new NoStoreResult(Results.Json(value, Options, statusCode: status));

    /// <summary>
    /// Reads the request body as <typeparamref name="T"/>: 415 when it is not JSON, 413 when over <see cref="MaxJsonBytes"/>,
    /// 400 when malformed or empty. Exactly one of the two results is non-null.
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, int maxBytes = MaxJsonBytes)
        where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
            return (null, OwaErrors.Result(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", "The request body must be JSON."));
        var (body, error) = await OwaBody.ReadAsync(context, maxBytes);
        if (body is null)
            return (null, error);
        using (body)
        {
            if (body.Length == 0)
                return (null, OwaErrors.BadRequest("InvalidValue", "The request body is empty."));
            try
            {
                var value = JsonSerializer.Deserialize<T>(body.GetBuffer().AsSpan(0, (int)body.Length), Options);
                return value is null ? (null, OwaErrors.BadRequest("InvalidValue", "The request body is empty.")) : (value, null);
            }
            catch (JsonException)
            {
                return (null, OwaErrors.BadRequest("InvalidValue", "The request body is not valid JSON for this call."));
            }
        }
    }

    private sealed class NoStoreResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
