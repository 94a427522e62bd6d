using Microsoft.AspNetCore.Authentication;
using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Auth;

internal sealed partial class BourseAuthenticationHandler
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private async Task<bool> HandleBasicAsync(string parameter)
    {
        if (!Request.IsHttps)
        {
            // Basic is never accepted in clear text: refuse without a challenge so the client does not retry it.
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return true;
        }
        if (!TryParseBasic(parameter, out var login, out var password))
        {
            AuthLog.Malformed(Logger, BourseAuthMethods.Basic, ClientAddress, "bad credentials encoding");
            _result = AuthenticateResult.Fail("Authentication failed.");
            return false;
        }
        var (known, accountKey) = await ResolveAccountAsync(login);
        var decision = throttle.Check(accountKey, ClientAddress);
        if (!decision.Allowed)
        {
            return await RefuseThrottledAsync(decision, login);
        }
        // Verified moments ago for the mailbox this login names now, and still enabled: skip the slow hash.
        if (known is { Enabled: true } && basicCache.Confirms(login, password, known.MailboxId))
        {
            Succeed(known, BourseAuthMethods.Basic, accountKey, login);
            return false;
        }
        var user = await directory.AuthenticateAsync(login, password, Context.RequestAborted);
        if (user is null || !user.Enabled)
        {
            FailSignIn(BourseAuthMethods.Basic, login, accountKey, "bad credentials");
            return false;
        }
        basicCache.Remember(login, password, user.MailboxId);
        Succeed(user, BourseAuthMethods.Basic, accountKey, login);
        return false;
    }

    /// <summary>RFC 7617 2: base64(user-id ":" password), decoded as UTF-8 (2.1); the user-id cannot contain ':'.</summary>
    internal static bool TryParseBasic(string parameter, out string login, out string password)
    {
        login = password = string.Empty;
        if (parameter.Length == 0 || parameter.Length > 4096 || !Base64.IsValid(parameter, out var decodedLength))
        {
            return false;
        }
        var bytes = new byte[decodedLength];
        if (!Convert.TryFromBase64String(parameter, bytes, out var written))
        {
            return false;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }
        login = text[..colon];
        password = text[(colon + 1)..];
        return password.Length > 0;
    }
}
