using Bourse.Directory;
using Bourse.Mailbox.Settings;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.Owa.Mail;

/// <summary><c>GET /owa/service/session</c>: who is signed in, and the mail settings the page starts with.</summary>
internal static class OwaSessionEndpoint
{
    public static async Task<IResult> GetAsync(HttpContext context)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var services = context.RequestServices;
        var user = await services.GetRequiredService<IDirectory>().GetUserAsync(mailbox, context.RequestAborted);
        if (user is null)
            return OwaErrors.NoMailbox();
        var store = services.GetRequiredService<IMailStore>();
        // The same mailbox state Settings writes (docs/owa-api.md, Settings: signature, time zone).
        var settings = MailSettings.Read(await store.GetStateAsync(mailbox, MailSettings.StateKey, context.RequestAborted));
        return OwaJson.Ok(new SessionInfo(user.DisplayName, user.PrimarySmtpAddress, settings.TimeZone, settings.SignatureHtml,
            settings.AutoAddSignature, user.Domain));
    }
}
