using System.Text.Encodings.Web;
using Bourse.ClientAccess.Throttling;
using Bourse.Directory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bourse.ClientAccess.Auth;

/// <summary>
/// The Client Access authentication scheme: Basic, NTLM and Negotiate (NTLM in SPNEGO) against the directory, bearer
/// tokens through the JwtBearer handler, and per-protocol 401 challenges. Credentials are processed as a request
/// handler so that multi-leg handshakes and throttled answers can end the request before the pipeline runs.
/// </summary>
internal sealed partial class BourseAuthenticationHandler(
    IOptionsMonitor<BourseAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDirectory directory,
    SignInThrottle throttle,
    ThrottleResponder throttleResponder,
    BasicCredentialCache basicCache,
    TimeProvider time)
    : AuthenticationHandler<BourseAuthenticationOptions>(options, logger, encoder), IAuthenticationRequestHandler
{
    private AuthenticateResult? _result;
    private bool _bearerRejected;

    private string? ClientAddress => Context.Connection.RemoteIpAddress?.ToString();

    public async Task<bool> HandleRequestAsync()
    {
        var policy = ProtocolAuthPolicies.ForPath(Request.Path);
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            UsePersistedNtlmIdentity(policy);
            return false;
        }
        var space = header.IndexOf(' ');
        var scheme = space < 0 ? header : header[..space];
        var parameter = space < 0 ? string.Empty : header[(space + 1)..].Trim();

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && Options.Basic.Enabled && (policy.Schemes & AuthSchemes.Basic) != 0)
        {
            return await HandleBasicAsync(parameter);
        }
        if (scheme.Equals("NTLM", StringComparison.OrdinalIgnoreCase) && NtlmOffered(policy))
        {
            return await HandleNtlmSchemeAsync(parameter, NtlmWrapping.Ntlm, policy);
        }
        if (scheme.Equals("Negotiate", StringComparison.OrdinalIgnoreCase) && NegotiateOffered(policy))
        {
            return await HandleNegotiateSchemeAsync(parameter, policy);
        }
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && BearerOffered(policy))
        {
            return await HandleBearerAsync();
        }
        return false;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(_result ?? AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var policy = ProtocolAuthPolicies.ForPath(Request.Path);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // MS-OXDSCLI / Exchange: one WWW-Authenticate per offered scheme, Negotiate first (RFC 9110 11.6.1).
        if (NegotiateOffered(policy))
        {
            Response.Headers.Append(HeaderNames.WWWAuthenticate, "Negotiate");
        }
        if (NtlmOffered(policy))
        {
            Response.Headers.Append(HeaderNames.WWWAuthenticate, "NTLM");
        }
        if (BasicOffered(policy))
        {
            // RFC 7617 2.1: charset="UTF-8" tells the client how to encode user-id and password. The realm is ours,
            // never the request's Host.
            var realm = Options.Basic.Realm is { Length: > 0 } r ? r : Options.Ntlm.DnsComputerName;
            Response.Headers.Append(HeaderNames.WWWAuthenticate, $"Basic realm=\"{realm.Replace("\"", "", StringComparison.Ordinal)}\", charset=\"UTF-8\"");
        }
        if (BearerOffered(policy))
        {
            // RFC 6750 3.1: a rejected token is reported as invalid_token (no detail that would help a forger).
            Response.Headers.Append(HeaderNames.WWWAuthenticate, _bearerRejected ? "Bearer error=\"invalid_token\"" : "Bearer");
        }
        foreach (var (name, value) in policy.ChallengeHeaders)
        {
            Response.Headers.Append(name, value);
        }
        return Task.CompletedTask;
    }

    private bool BasicOffered(ProtocolAuthPolicy policy) =>
        Options.Basic.Enabled && (policy.Schemes & AuthSchemes.Basic) != 0 && Request.IsHttps;

    // NTLM over plain HTTP cannot be channel-bound, so Required Extended Protection withdraws it there.
    private bool NtlmOffered(ProtocolAuthPolicy policy) =>
        Options.Ntlm.Enabled && (policy.Schemes & AuthSchemes.Ntlm) != 0 && NtlmTransportAllowed();

    private bool NegotiateOffered(ProtocolAuthPolicy policy) =>
        Options.Ntlm.NegotiateEnabled && (policy.Schemes & AuthSchemes.Negotiate) != 0 && NtlmTransportAllowed();

    private bool BearerOffered(ProtocolAuthPolicy policy) => Options.OAuth.IsConfigured && (policy.Schemes & AuthSchemes.Bearer) != 0;

    private bool NtlmTransportAllowed() => Request.IsHttps || Options.Ntlm.ExtendedProtection != Ntlm.ExtendedProtectionMode.Required;

    private async Task<bool> RefuseThrottledAsync(ThrottleDecision decision, string login)
    {
        AuthLog.Throttled(Logger, decision.Reason.ToString(), login, ClientAddress, decision.RetryAfter);
        await throttleResponder.WriteAsync(Context, decision.Reason, decision.RetryAfter);
        return true;
    }

    private async ValueTask<(DirectoryUser? User, string Key)> ResolveAccountAsync(string login)
    {
        // Lock out the account, not the spelling: DOMAIN\user, UPN and email of one user share one counter.
        var user = await directory.FindUserByLoginAsync(login, Context.RequestAborted);
        return (user, user is null ? "login:" + login.ToLowerInvariant() : "mailbox:" + user.MailboxId);
    }

    private void Succeed(DirectoryUser user, string method, string accountKey, string login)
    {
        throttle.RecordSuccess(accountKey);
        _result = AuthenticateResult.Success(new AuthenticationTicket(BoursePrincipalFactory.ForRequest(user, method), Scheme.Name));
        AuthLog.SignedIn(Logger, method, login, ClientAddress);
    }

    private void FailSignIn(string method, string login, string? accountKey, string reason)
    {
        throttle.RecordFailure(accountKey, ClientAddress);
        AuthLog.SignInFailed(Logger, method, login, ClientAddress, reason);
        // Clients see only "failed": never which of user, password or binding was wrong.
        _result = AuthenticateResult.Fail("Authentication failed.");
    }
}
