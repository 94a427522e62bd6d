using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Bourse.Directory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.Autodiscover.Tests.Infrastructure;

/// Stands in for Client Access: Basic against the fake directory, signing in with the claims Autodiscover reads.
internal sealed class TestBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestBasic";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return AuthenticateResult.NoResult();
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("bad header");
        }

        var colon = decoded.IndexOf(':');
        if (colon < 0)
            return AuthenticateResult.Fail("bad header");
        var user = await directory.AuthenticateAsync(decoded[..colon], decoded[(colon + 1)..], Context.RequestAborted);
        if (user is null)
            return AuthenticateResult.Fail("wrong credentials");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.PrimarySmtpAddress),
                new Claim(ClaimTypes.Email, user.PrimarySmtpAddress),
                new Claim(AutodiscoverClaimTypes.Mailbox, user.MailboxId.Value.ToString("D")),
            ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Basic realm=\"Bourse\"";
        return Task.CompletedTask;
    }
}
