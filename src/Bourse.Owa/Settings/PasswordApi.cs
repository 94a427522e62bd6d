using Bourse.Core.Ids;
using Bourse.Directory;
using Bourse.Owa.Api;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Settings;

/// <summary>
/// <c>POST /owa/service/settings/password</c>: the current password is checked by the directory as at sign-in, then the
/// new one is set under the directory's password rules.
/// </summary>
internal static class PasswordApi
{
    public sealed record PasswordBody(string? CurrentPassword, string? NewPassword);

    public static async Task<IResult> ChangeAsync(HttpContext context, IDirectory directory, MailboxId mailbox)
    {
        var (body, error) = await OwaJson.ReadAsync<PasswordBody>(context);
        if (error is not null)
            return error;
        if (string.IsNullOrEmpty(body!.CurrentPassword) || body.NewPassword is null)
            return OwaErrors.BadRequest("InvalidValue", "currentPassword and newPassword are required.");
        var ct = context.RequestAborted;
        if (await directory.GetUserAsync(mailbox, ct) is not { } user)
            return OwaErrors.NoMailbox();
        var checkedUser = await directory.AuthenticateAsync(user.PrimarySmtpAddress, body.CurrentPassword, ct);
        if (checkedUser is null || checkedUser.MailboxId != mailbox)
            return OwaErrors.BadRequest("WrongPassword", "The current password is not correct.");
        var set = await directory.SetPasswordAsync(user.PrimarySmtpAddress, body.NewPassword, ct);
        return set.Error switch
        {
            DirectoryError.None => OwaNoContent.Instance,
            DirectoryError.WeakPassword => OwaErrors.BadRequest("WeakPassword", set.Message ?? "The new password is too weak."),
            DirectoryError.NotFound => OwaErrors.NoMailbox(),
            _ => OwaErrors.BadRequest("InvalidValue", set.Message ?? "The new password cannot be used."),
        };
    }
}
