using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Api;

/// <summary>204 with <c>Cache-Control: no-store</c>, as every answer of the API (docs/owa-api.md).</summary>
internal sealed class OwaNoContent : IResult
{
    public static IResult Instance { get; } = new OwaNoContent();

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        httpContext.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
