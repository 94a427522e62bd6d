using Bourse.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Api;

/// <summary>The API's error answers: <c>{"error":{"code","message"}}</c> (docs/owa-api.md), never a stack trace.</summary>
internal static class OwaErrors
{
    public sealed record ErrorBody(ErrorDetail Error);

    public sealed record ErrorDetail(string Code, string Message);

    public static IResult Result(int status, string code, string message) =>
        new ErrorResult(status, new ErrorBody(new ErrorDetail(code, message)));

    public static IResult BadRequest(string code, string message) => Result(StatusCodes.Status400BadRequest, code, message);

    /// <summary>A missing object, a malformed id and another mailbox's id all get this same answer.</summary>
    public static IResult NotFound() => Result(StatusCodes.Status404NotFound, "NotFound", "The item doesn't exist.");

    public static IResult InvalidId() => NotFound();

    public static IResult Conflict(string code, string message) => Result(StatusCodes.Status409Conflict, code, message);

    public static IResult Forbidden(string message) => Result(StatusCodes.Status403Forbidden, "Forbidden", message);

    public static IResult TooLarge() => Result(StatusCodes.Status413PayloadTooLarge, "TooLarge", "The request is too large.");

    /// <summary>503: the store could not do it now; the client may try again.</summary>
    public static IResult Unavailable(string message) => Result(StatusCodes.Status503ServiceUnavailable, "Unavailable", message);

    public static IResult QuotaExceeded() => Result(StatusCodes.Status507InsufficientStorage, "QuotaExceeded", "The mailbox is full.");

    /// <summary>The principal carries no mailbox (an account without one): nothing of the API applies.</summary>
    public static IResult NoMailbox() => Result(StatusCodes.Status403Forbidden, "Forbidden", "This account has no mailbox.");

    /// <summary>A store failure of a calendar, contacts or settings call: conflict with the given message, anything unforeseen InvalidValue.</summary>
    public static IResult FromStore(StoreError error, string conflictMessage) => error switch
    {
        StoreError.NotFound or StoreError.MailboxNotFound => NotFound(),
        StoreError.QuotaExceeded => QuotaExceeded(),
        StoreError.MessageTooLarge => TooLarge(),
        StoreError.ChangeConflict => Conflict("Conflict", conflictMessage),
        _ => BadRequest("InvalidValue", "The change was refused."),
    };

    private sealed class ErrorResult(int status, ErrorBody body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            return Results.Json(body, OwaJson.Options, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
