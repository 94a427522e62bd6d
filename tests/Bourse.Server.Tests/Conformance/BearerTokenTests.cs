using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bourse.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bourse.Server.Tests.Conformance;

/// <summary>
/// A local OpenID Connect issuer (its discovery document and JWKS from a tiny Kestrel on 127.0.0.1, signing key generated
/// here; nothing leaves the machine) and a real <c>bourse</c> process configured with <c>Bourse:Authentication:OAuth</c>
/// pointing at it.
/// </summary>
public sealed class BearerIssuerAndServer : IAsyncLifetime
{
    public const string Audience = "https://mail.bourse.test";

    private WebApplication? _issuer;

    public RsaSecurityKey SigningKey { get; } = new(RSA.Create(2048)) { KeyId = "bourse-test-key" };

    public string Issuer { get; private set; } = "";

    public int MetadataRequests;

    internal ConformanceServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Get();
        Issuer = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/tenant";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        _issuer = builder.Build();
        var parameters = SigningKey.Rsa.ExportParameters(false);
        var jwks = JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = SigningKey.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        });
        var metadata = JsonSerializer.Serialize(new
        {
            issuer = Issuer,
            jwks_uri = Issuer + "/discovery/keys",
            authorization_endpoint = Issuer + "/oauth2/authorize",
            token_endpoint = Issuer + "/oauth2/token",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        });
        _issuer.MapGet("/tenant/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref MetadataRequests);
            return Results.Text(metadata, "application/json");
        });
        _issuer.MapGet("/tenant/discovery/keys", () => Results.Text(jwks, "application/json"));
        await _issuer.StartAsync();

        Server = await ConformanceServer.StartAsync(["alice", "bob"], new Dictionary<string, string>
        {
            ["BOURSE_Bourse__Authentication__OAuth__Authority"] = Issuer,
            ["BOURSE_Bourse__Authentication__OAuth__Audience"] = Audience,
            // The test issuer is plain HTTP on 127.0.0.1; a real one is HTTPS (the default refuses anything else).
            ["BOURSE_Bourse__Authentication__OAuth__RequireHttpsMetadata"] = "false",
        });
    }

    public string Token(SecurityKey key, DateTime expires, string upn = "alice@bourse.test", string audience = Audience, string? issuer = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["upn"] = upn },
            NotBefore = expires.AddHours(-1),
            IssuedAt = expires.AddHours(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_issuer is not null)
            await _issuer.DisposeAsync();
        SigningKey.Rsa.Dispose();
    }
}

/// <summary>
/// OAuth 2.0 bearer tokens (JWT) through the real <c>bourse</c> process, validated by the standard JwtBearer handler
/// against the issuer's published keys: a valid token signs its user in to Autodiscover; an expired, forged,
/// wrong-audience, wrong-issuer or unknown-user token is 401 <c>invalid_token</c>; and the token never reaches another mailbox.
/// </summary>
public sealed class BearerTokenTests(BearerIssuerAndServer fixture) : IClassFixture<BearerIssuerAndServer>
{
    private static string Pox(string email) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">" +
        $"<Request><EMailAddress>{email}</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>";

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PoxAsync(string? token, string email = "alice@bourse.test")
    {
        using var client = fixture.Server.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/autodiscover/autodiscover.xml") { Content = new StringContent(Pox(email), Encoding.UTF8, "text/xml") };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static void AssertInvalidToken((HttpStatusCode Status, string Body, HttpResponseMessage Response) result)
    {
        using var response = result.Response;
        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.DoesNotContain("EwsUrl", result.Body, StringComparison.Ordinal);
        // RFC 6750 3.1: invalid_token, with no detail that would help a forger; the other challenges stay on offer.
        Assert.Contains("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains("NTLM", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    [Fact]
    public async Task ValidTokenSignsTheUserInToAutodiscover()
    {
        var (status, body, response) = await PoxAsync(fixture.Token(fixture.SigningKey, DateTime.UtcNow.AddMinutes(30)));
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<EwsUrl>https://mail.bourse.test/EWS/Exchange.asmx</EwsUrl>", body, StringComparison.Ordinal);
        Assert.Contains("<AutoDiscoverSMTPAddress>alice@bourse.test</AutoDiscoverSMTPAddress>", body, StringComparison.Ordinal);
        // The keys came from the issuer's discovery document, fetched by the server process.
        Assert.True(Volatile.Read(ref fixture.MetadataRequests) > 0);
        var lines = await ProtocolLogProbe.WaitForAsync(Path.Combine(fixture.Server.DataDirectory, "logs"), r => r is { AuthMethod: "Bearer", Status: 200 });
        Assert.Contains(lines, r => r.User == "alice@bourse.test");
    }

    [Fact]
    public async Task ValidTokenDoesNotReachAnotherUsersMailbox()
    {
        var token = fixture.Token(fixture.SigningKey, DateTime.UtcNow.AddMinutes(30));
        var (status, body, response) = await PoxAsync(token, "bob@bourse.test");
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<ErrorCode>500</ErrorCode>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("bob Display", body, StringComparison.Ordinal);
        Assert.DoesNotContain("EwsUrl", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredTokenIsRefused() =>
        AssertInvalidToken(await PoxAsync(fixture.Token(fixture.SigningKey, DateTime.UtcNow.AddMinutes(-30))));

    [Fact]
    public async Task TokenSignedByAnotherKeyIsRefused()
    {
        // Same key id, another key: what a forger without the issuer's private key can make.
        using var rsa = RSA.Create(2048);
        var forger = new RsaSecurityKey(rsa) { KeyId = fixture.SigningKey.KeyId };
        AssertInvalidToken(await PoxAsync(fixture.Token(forger, DateTime.UtcNow.AddMinutes(30))));
    }

    [Fact]
    public async Task UnsignedTokenIsRefused()
    {
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = fixture.Issuer, ["aud"] = BearerIssuerAndServer.Audience, ["upn"] = "alice@bourse.test",
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds(), ["nbf"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(),
        }));
        AssertInvalidToken(await PoxAsync($"{header}.{payload}."));
    }

    [Fact]
    public async Task TokenForAnotherAudienceIsRefused() =>
        AssertInvalidToken(await PoxAsync(fixture.Token(fixture.SigningKey, DateTime.UtcNow.AddMinutes(30), audience: "https://other.example")));

    [Fact]
    public async Task TokenFromAnotherIssuerIsRefused() =>
        AssertInvalidToken(await PoxAsync(fixture.Token(fixture.SigningKey, DateTime.UtcNow.AddMinutes(30), issuer: "https://login.evil.example/tenant")));

    [Fact]
    public async Task TokenForAUserNotInTheDirectoryIsRefused() =>
        AssertInvalidToken(await PoxAsync(fixture.Token(fixture.SigningKey, DateTime.UtcNow.AddMinutes(30), upn: "mallory@bourse.test")));

    [Fact]
    public async Task GarbageIsRefused() => AssertInvalidToken(await PoxAsync("not.a.jwt"));

    [Fact]
    public async Task TheChallengeOffersBearerWhenConfigured()
    {
        var (status, _, response) = await PoxAsync(null);
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal(["Negotiate", "NTLM", "Basic", "Bearer"], response.Headers.WwwAuthenticate.Select(h => h.Scheme));
            Assert.Equal("True", response.Headers.GetValues("X-SOAP-Enabled").Single());
        }
    }
}
