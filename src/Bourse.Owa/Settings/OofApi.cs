using Bourse.Core.Ids;
using Bourse.Mailbox.Settings;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Settings;

/// <summary>
/// <c>GET|PUT /owa/service/settings/oof</c>: the mailbox's <see cref="OofSettings"/>, the very state ActiveSync's Settings
/// Oof reads and writes. The page's one external reply is ActiveSync's two external audiences: "known" enables the reply
/// to known senders, "all" to every external sender, both with the same message (as Exchange keeps them).
/// </summary>
internal static class OofApi
{
    /// The longest reply kept, in characters (ActiveSync Settings keeps the same bound).
    private const int MaxReplyChars = 16 * 1024;

    public sealed record OofBody(string? State, DateTime? StartUtc, DateTime? EndUtc, string? InternalReply, string? ExternalReply, string? ExternalAudience);

    public static async Task<IResult> GetAsync(IMailStore store, MailboxId mailbox, CancellationToken ct) =>
        OwaJson.Ok(ToBody(OofSettings.Read(await store.GetStateAsync(mailbox, OofSettings.StateKey, ct))));

    public static async Task<IResult> PutAsync(HttpContext context, IMailStore store, MailboxId mailbox)
    {
        var (body, error) = await OwaJson.ReadAsync<OofBody>(context);
        if (error is not null)
            return error;
        int? state = body!.State switch { "disabled" => 0, "enabled" => 1, "scheduled" => 2, _ => null };
        if (state is null)
            return OwaErrors.BadRequest("InvalidValue", "state must be disabled, enabled or scheduled.");
        var (known, all) = body.ExternalAudience switch
        {
            null or "none" => (false, false),
            "known" => (true, false),
            "all" => (true, true),
            _ => ((bool?)null, (bool?)null),
        };
        if (known is null || all is null)
            return OwaErrors.BadRequest("InvalidValue", "externalAudience must be none, known or all.");
        if (body.StartUtc is { } s && body.EndUtc is { } e && e <= s)
            return OwaErrors.BadRequest("InvalidValue", "endUtc must be after startUtc.");
        // A scheduled reply needs its window (the page always sends one); the others keep any window for next time.
        if (state == 2 && (body.StartUtc is null || body.EndUtc is null))
            return OwaErrors.BadRequest("InvalidValue", "A scheduled reply needs startUtc and endUtc.");
        if ((body.StartUtc is null) != (body.EndUtc is null))
            return OwaErrors.BadRequest("InvalidValue", "startUtc and endUtc go together.");
        if (body.InternalReply?.Length > MaxReplyChars || body.ExternalReply?.Length > MaxReplyChars)
            return OwaErrors.TooLarge();

        var ct = context.RequestAborted;
        var stored = OofSettings.Read(await store.GetStateAsync(mailbox, OofSettings.StateKey, ct));
        var internalReply = OwaHtml.Sanitize(body.InternalReply ?? "");
        var externalReply = OwaHtml.Sanitize(body.ExternalReply ?? "");
        var updated = stored with
        {
            State = state.Value,
            StartUtc = body.StartUtc is { } start ? start.ToUniversalTime() : stored.StartUtc,
            EndUtc = body.EndUtc is { } end ? end.ToUniversalTime() : stored.EndUtc,
            Internal = new OofReply { Enabled = true, Message = internalReply, IsHtml = true },
            ExternalKnown = new OofReply { Enabled = known.Value, Message = externalReply, IsHtml = true },
            ExternalUnknown = new OofReply { Enabled = all.Value, Message = externalReply, IsHtml = true },
        };
        var saved = await store.SetStateAsync(mailbox, OofSettings.StateKey, updated.Write(), ct);
        return saved.IsSuccess ? OwaJson.Ok(ToBody(updated)) : OwaErrors.Unavailable("The settings could not be saved.");
    }

    private static OofBody ToBody(OofSettings oof)
    {
        var external = oof.ExternalKnown?.Message is not null ? oof.ExternalKnown : oof.ExternalUnknown;
        return new OofBody(
            oof.State switch { 1 => "enabled", 2 => "scheduled", _ => "disabled" },
            oof.StartUtc, oof.EndUtc,
            AsHtml(oof.Internal), AsHtml(external),
            oof.ExternalUnknown?.Enabled == true ? "all" : oof.ExternalKnown?.Enabled == true ? "known" : "none");
    }

    /// Replies are HTML on this API: one written as plain text by a phone is encoded; stored HTML is sanitized again on the way out.
    private static string AsHtml(OofReply? reply) =>
        reply?.Message is not { } text ? "" : reply.IsHtml ? OwaHtml.Sanitize(text) : OwaHtml.FromPlainText(text);
}
