using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bourse.ClientAccess.Tests.Auth;

/// <summary>OAuth bearer JWTs through the standard JwtBearer handler, with a locally generated issuer key (no network).</summary>
public sealed class BearerEndToEndTests : IAsyncLifetime
{
    private const string Issuer = "https://login.bourse.test/tenant";
    private const string Audience = "https://mail.bourse.test";
    private static readonly RsaSecurityKey IssuerKey = new(RSA.Create(2048)) { KeyId = "issuer-key" };
    private AuthTestServer _server = null!;
    private readonly HttpClient _http = TestHttp.CreateClient();

    public async Task InitializeAsync()
    {
        _server = await AuthTestServer.StartAsync(
            new()
            {
                ["Bourse:Authentication:OAuth:Authority"] = Issuer,
                ["Bourse:Authentication:OAuth:Audience"] = Audience,
            },
            services => services.Configure<JwtBearerOptions>(BourseAuthenticationDefaults.BearerScheme, o =>
            {
                // The issuer's metadata, given statically so the test never fetches it.
                o.Configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                o.Configuration.SigningKeys.Add(IssuerKey);
            }));
        _server.Directory.Add("alice@bourse.test", "unused-password");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static string Token(SecurityKey key, DateTime expires, string upn = "alice@bourse.test", string audience = Audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["upn"] = upn },
            NotBefore = expires.AddHours(-1),
            IssuedAt = expires.AddHours(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    private async Task<HttpResponseMessage> SendAsync(string token, string path = "/EWS/Exchange.asmx") =>
        await _http.GetAsync(_server.Https(path), new AuthenticationHeaderValue("Bearer", token));

    [Fact]
    public async Task ValidTokenAuthenticatesTheDirectoryUser()
    {
        using var response = await SendAsync(Token(IssuerKey, DateTime.UtcNow.AddMinutes(30)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("user=alice@bourse.test;method=Bearer;mailbox=", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ValidTokenWorksForActiveSyncToo()
    {
        using var response = await SendAsync(Token(IssuerKey, DateTime.UtcNow.AddMinutes(30)), "/Microsoft-Server-ActiveSync");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ExpiredTokenIsRefusedAsInvalidToken()
    {
        using var response = await SendAsync(Token(IssuerKey, DateTime.UtcNow.AddMinutes(-30)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.ToString() == "Bearer error=\"invalid_token\"");
    }

    [Fact]
    public async Task ForgedTokenIsRefused()
    {
        var forger = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "issuer-key" };
        using var response = await SendAsync(Token(forger, DateTime.UtcNow.AddMinutes(30)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains("eyJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenForAnotherAudienceOrUnknownUserIsRefused()
    {
        using var audience = await SendAsync(Token(IssuerKey, DateTime.UtcNow.AddMinutes(30), audience: "https://other.example"));
        Assert.Equal(HttpStatusCode.Unauthorized, audience.StatusCode);
        using var unknown = await SendAsync(Token(IssuerKey, DateTime.UtcNow.AddMinutes(30), upn: "mallory@bourse.test"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using var garbage = await SendAsync("not.a.jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
    }

    [Fact]
    public async Task ChallengeOffersBearerWhenConfigured()
    {
        using var response = await _http.GetAsync(_server.Https("/EWS/Exchange.asmx"), null);
        Assert.Equal(["Negotiate", "NTLM", "Basic realm=\"mail.bourse.test\", charset=\"UTF-8\"", "Bearer"], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }
}
