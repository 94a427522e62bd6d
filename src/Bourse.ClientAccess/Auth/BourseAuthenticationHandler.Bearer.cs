using Microsoft.AspNetCore.Authentication;

namespace Bourse.ClientAccess.Auth;

internal sealed partial class BourseAuthenticationHandler
{
    private async Task<bool> HandleBearerAsync()
    {
        var addressDecision = throttle.CheckAddress(ClientAddress);
        if (!addressDecision.Allowed)
        {
            return await RefuseThrottledAsync(addressDecision, "(bearer)");
        }
        // The standard JwtBearer handler validates signature, issuer, audience and lifetime.
        var result = await Context.AuthenticateAsync(BourseAuthenticationDefaults.BearerScheme);
        if (!result.Succeeded || result.Principal is null)
        {
            _bearerRejected = true;
            FailSignIn(BourseAuthMethods.Bearer, "(bearer)", null, result.Failure?.GetType().Name ?? "no token");
            return false;
        }
        string? login = null;
        foreach (var claimType in Options.OAuth.UserClaims)
        {
            login = result.Principal.FindFirst(claimType)?.Value;
            if (!string.IsNullOrEmpty(login))
            {
                break;
            }
        }
        if (string.IsNullOrEmpty(login))
        {
            _bearerRejected = true;
            FailSignIn(BourseAuthMethods.Bearer, "(bearer)", null, "token names no user");
            return false;
        }
        var (user, accountKey) = await ResolveAccountAsync(login);
        if (user is null || !user.Enabled)
        {
            _bearerRejected = true;
            FailSignIn(BourseAuthMethods.Bearer, login, null, "token user not in directory");
            return false;
        }
        Succeed(user, BourseAuthMethods.Bearer, accountKey, login);
        return false;
    }
}
