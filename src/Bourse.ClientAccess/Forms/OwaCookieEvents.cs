using System.Globalization;
using Bourse.ClientAccess.Auth;
using Bourse.Directory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Forms;

/// <summary>
/// How the OWA session cookie answers: a page without a (valid) session is sent to the sign-in form, a script call gets
/// 440 Login Timeout as from Exchange; sessions are checked against the directory again every few minutes.
/// </summary>
internal sealed class OwaCookieEvents(IDirectory directory, IOptionsMonitor<BourseOwaOptions> options, TimeProvider time, ILoggerFactory loggers)
    : CookieAuthenticationEvents
{
    public const string ValidatedItem = "bourse.validated";
    private readonly ILogger _log = loggers.CreateLogger("Bourse.ClientAccess.Forms");

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        if (OwaRequestKind.IsApi(request))
        {
            context.Response.StatusCode = OwaFormsDefaults.LoginTimeoutStatusCode;
            return Task.CompletedTask;
        }
        var back = OwaRedirectTarget.Resolve((request.PathBase + request.Path).Value + request.QueryString.Value, request);
        context.Response.Redirect(OwaFormsDefaults.LogonPath + "?url=" + Uri.EscapeDataString(back));
        return Task.CompletedTask;
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    public override Task RedirectToLogout(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(OwaFormsDefaults.LogonPath);
        return Task.CompletedTask;
    }

    public override Task RedirectToReturnUrl(RedirectContext<CookieAuthenticationOptions> context)
    {
        // Sign-out passes the sign-in page; the handler could also take a return URL from the query, which is never used.
        context.Response.Redirect(string.Equals(context.RedirectUri, OwaFormsDefaults.LogonPath, StringComparison.Ordinal)
            ? OwaFormsDefaults.LogonPath
            : OwaFormsDefaults.DefaultDestination);
        return Task.CompletedTask;
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var now = time.GetUtcNow();
        if (context.Properties.Items.TryGetValue(ValidatedItem, out var stamp) &&
            DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var validated) &&
            now - validated < options.CurrentValue.RevalidateInterval && validated <= now)
        {
            return;
        }
        var address = principal?.GetPrimarySmtpAddress();
        var mailbox = principal?.GetMailboxId();
        var user = address is null ? null : await directory.FindUserByAddressAsync(address, context.HttpContext.RequestAborted);
        if (user is null || !user.Enabled || user.MailboxId != mailbox)
        {
            OwaFormsLog.SessionRejected(_log, address, user is null ? "user no longer in the directory" : "user disabled or changed");
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(OwaFormsDefaults.AuthenticationScheme);
            return;
        }
        context.Properties.Items[ValidatedItem] = now.ToString("O", CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }
}
