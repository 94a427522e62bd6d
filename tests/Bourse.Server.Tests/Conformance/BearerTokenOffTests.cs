using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Bourse.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bourse.Server.Tests.Conformance;

/// <summary>Bearer tokens are off unless <c>Bourse:Authentication:OAuth</c> is configured: the shared live server has none.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class BearerTokenOffTests(LiveServer live)
{
    [Fact]
    public async Task WithoutAnIssuerBearerIsNeitherOfferedNorAccepted()
    {
        using var key = RSA.Create(2048);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://login.bourse.test/tenant",
            Audience = "https://mail.bourse.test",
            Claims = new Dictionary<string, object> { ["upn"] = "alice@bourse.test" },
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        });
        using var client = live.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/autodiscover/autodiscover.xml")
        {
            Content = new StringContent("<Autodiscover/>", Encoding.UTF8, "text/xml"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["Negotiate", "NTLM", "Basic"], response.Headers.WwwAuthenticate.Select(h => h.Scheme));
        Assert.DoesNotContain("EwsUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
