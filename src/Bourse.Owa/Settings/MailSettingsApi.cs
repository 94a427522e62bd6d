using Bourse.Core.Ids;
using Bourse.Mailbox.Settings;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Settings;

/// <summary><c>GET|PUT /owa/service/settings/mail</c>: signature (sanitized when saved), whether to add it, time zone (IANA).</summary>
internal static class MailSettingsApi
{
    public sealed record MailSettingsBody(string? SignatureHtml, bool? AutoAddSignature, string? TimeZone);

    public static async Task<IResult> GetAsync(IMailStore store, MailboxId mailbox, CancellationToken ct) =>
        OwaJson.Ok(ToBody(MailSettings.Read(await store.GetStateAsync(mailbox, MailSettings.StateKey, ct))));

    public static async Task<IResult> PutAsync(HttpContext context, IMailStore store, MailboxId mailbox)
    {
        var (body, error) = await OwaJson.ReadAsync<MailSettingsBody>(context);
        if (error is not null)
            return error;
        if (body!.TimeZone is { } zone && !MailSettings.IsIanaTimeZone(zone))
            return OwaErrors.BadRequest("InvalidValue", "timeZone must be an IANA time zone such as Europe/Paris.");
        if (body.SignatureHtml?.Length > MailSettings.MaxSignatureChars)
            return OwaErrors.TooLarge();

        var ct = context.RequestAborted;
        var stored = MailSettings.Read(await store.GetStateAsync(mailbox, MailSettings.StateKey, ct));
        // Members left out keep their value, so the page may save one setting at a time.
        var updated = stored with
        {
            SignatureHtml = body.SignatureHtml is { } html ? OwaHtml.Sanitize(html) : stored.SignatureHtml,
            AutoAddSignature = body.AutoAddSignature ?? stored.AutoAddSignature,
            TimeZone = body.TimeZone ?? stored.TimeZone,
        };
        var saved = await store.SetStateAsync(mailbox, MailSettings.StateKey, updated.Write(), ct);
        return saved.IsSuccess ? OwaJson.Ok(ToBody(updated)) : OwaErrors.Unavailable("The settings could not be saved.");
    }

    private static MailSettingsBody ToBody(MailSettings settings) => new(settings.SignatureHtml, settings.AutoAddSignature, settings.TimeZone);
}
