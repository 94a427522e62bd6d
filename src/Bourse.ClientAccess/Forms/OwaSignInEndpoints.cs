using System.Globalization;
using System.Net;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Throttling;
using Bourse.Directory;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Bourse.ClientAccess.Forms;

/// <summary>The sign-in page, the form target, sign-out and the /owa start page.</summary>
internal static class OwaSignInEndpoints
{
    public const int MaxLoginLength = 256;
    public const int MaxPasswordLength = 256;
    private const string BadCredentialsMessage = "The user name or password isn't correct. Try again.";
    private const string ThrottledMessage = "Too many unsuccessful sign-in attempts. Wait a while, then try again.";
    private const string ExpiredFormMessage = "The sign-in page expired. Sign in again.";

    // Exchange's logon.aspx?reason=2 is the page shown after a failed sign-in.
    private const string FailedReason = "2";

    private static readonly FormOptions SignInFormLimits = new()
    {
        ValueCountLimit = 16,
        ValueLengthLimit = 4096,
        KeyLengthLimit = 64,
        MultipartBodyLengthLimit = 16 * 1024,
        BufferBody = false,
    };

    /// <summary>GET /owa/auth/logon.aspx?url=…</summary>
    public static async Task LogonPageAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var destination = OwaRedirectTarget.Resolve(First(query["url"], query["destination"]), context.Request);
        var message = query["reason"] == FailedReason ? BadCredentialsMessage : null;
        await OwaLogonPage.WriteAsync(context, StatusCodes.Status200OK, destination, RequestToken(context), null, message);
    }

    /// <summary>POST /owa/auth.owa: username, password, destination.</summary>
    public static async Task SignInAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.IsHttps)
        {
            // As Basic: credentials are never accepted in clear text.
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!request.HasFormContentType || request.ContentLength is > 16 * 1024)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        IFormCollection form;
        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(request, SignInFormLimits));
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var login = form["username"].ToString().Trim();
        var password = form["password"].ToString();
        var destination = OwaRedirectTarget.Resolve(form["destination"].ToString(), request);
        var services = context.RequestServices;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Bourse.ClientAccess.Forms");
        var address = context.Connection.RemoteIpAddress?.ToString();

        // Login CSRF: the form carries an anti-forgery token, so another site cannot sign a victim into its account.
        if (!await services.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await OwaLogonPage.WriteAsync(context, StatusCodes.Status400BadRequest, destination, RequestToken(context), login, ExpiredFormMessage);
            return;
        }
        if (login.Length is 0 or > MaxLoginLength || password.Length is 0 or > MaxPasswordLength)
        {
            OwaFormsLog.SignInFailed(log, Truncate(login), address, "missing or oversized field");
            await OwaLogonPage.WriteAsync(context, StatusCodes.Status200OK, destination, RequestToken(context), Truncate(login), BadCredentialsMessage);
            return;
        }

        var directory = services.GetRequiredService<IDirectory>();
        var throttle = services.GetRequiredService<SignInThrottle>();
        // One lockout counter per account whatever the spelling, shared with Basic/NTLM (the key format of Auth/).
        var known = await directory.FindUserByLoginAsync(login, context.RequestAborted);
        var accountKey = known is null ? "login:" + login.ToLowerInvariant() : "mailbox:" + known.MailboxId;
        var decision = throttle.Check(accountKey, address);
        if (!decision.Allowed)
        {
            // Refused before the password is checked, so the answer says nothing about it.
            OwaFormsLog.Throttled(log, decision.Reason.ToString(), login, address, decision.RetryAfter);
            var seconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await OwaLogonPage.WriteAsync(context, ProtocolAuthPolicies.ForPath(request.Path).ThrottledStatusCode, destination, RequestToken(context), login,
                ThrottledMessage);
            return;
        }
        var user = await directory.AuthenticateAsync(login, password, context.RequestAborted);
        if (user is null || !user.Enabled)
        {
            throttle.RecordFailure(accountKey, address);
            OwaFormsLog.SignInFailed(log, login, address, "bad credentials");
            await OwaLogonPage.WriteAsync(context, StatusCodes.Status200OK, destination, RequestToken(context), login, BadCredentialsMessage);
            return;
        }
        throttle.RecordSuccess(accountKey);

        var principal = BoursePrincipalFactory.Create(user, OwaFormsDefaults.AuthMethod);
        var time = services.GetRequiredService<TimeProvider>();
        var properties = new AuthenticationProperties
        {
            // A browser-session cookie; the idle timeout is enforced by the ticket's own expiry, renewed while in use.
            IsPersistent = false,
            AllowRefresh = true,
        };
        properties.Items[OwaCookieEvents.ValidatedItem] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await context.SignInAsync(OwaFormsDefaults.AuthenticationScheme, principal, properties);
        OwaFormsLog.SignedIn(log, login, address);

        // The canary belongs to the new session's user.
        context.User = principal;
        OwaCanary.Issue(context);
        OwaLogonPage.SecurityHeaders(context.Response);
        context.Response.Redirect(destination);
    }

    /// <summary>GET or POST /owa/logoff.owa.</summary>
    public static async Task SignOutAsync(HttpContext context)
    {
        OwaCanary.Delete(context);
        await context.SignOutAsync(OwaFormsDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = OwaFormsDefaults.LogonPath });
        OwaLogonPage.SecurityHeaders(context.Response);
        if (context.Response.StatusCode != StatusCodes.Status302Found)
        {
            context.Response.Redirect(OwaFormsDefaults.LogonPath);
        }
    }

    /// <summary>
    /// GET /owa/: until the web client is hosted here (Bourse.Owa maps /owa/ with a lower order and takes over), a
    /// minimal page saying who is signed in, with the sign-out link. Reached only with a session; otherwise the
    /// challenge sends the browser to the sign-in form.
    /// </summary>
    public static async Task StartPageAsync(HttpContext context)
    {
        if (!context.Request.Cookies.ContainsKey(OwaFormsDefaults.CanaryName))
        {
            OwaCanary.Issue(context);
        }
        OwaLogonPage.SecurityHeaders(context.Response);
        context.Response.ContentType = "text/html; charset=utf-8";
        var who = WebUtility.HtmlEncode(context.User.GetPrimarySmtpAddress() ?? context.User.Identity?.Name ?? "");
        await context.Response.WriteAsync(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Outlook</title></head><body><main>" +
            "<h1>Outlook</h1><p>Signed in as " + who + ".</p>" +
            "<p>The Outlook on the web client is not installed on this server yet; it arrives with a later version of Bourse. " +
            "Your mailbox is not shown here.</p><p><a href=\"" + OwaFormsDefaults.LogoffPath + "\">Sign out</a></p>" +
            "</main></body></html>\n", context.RequestAborted);
    }

    private static string RequestToken(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken ?? string.Empty;

    private static string? First(StringValues a, StringValues b) => !StringValues.IsNullOrEmpty(a) ? a.ToString() : !StringValues.IsNullOrEmpty(b) ? b.ToString() : null;

    private static string Truncate(string value) => value.Length > MaxLoginLength ? value[..MaxLoginLength] : value;
}
