using Bourse.Testing;
using System.Net;
using System.Text;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Conformance;

/// <summary>
/// The per-address limit through the real <c>bourse</c> process (its own, with <c>AddressFailureLimit=3</c>, since it
/// blocks 127.0.0.1 for everyone): failures spread over several logins — password spraying — block the address.
/// </summary>
public sealed class AddressLockoutTests
{
    private static HttpRequestMessage Pox(string login, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/autodiscover/autodiscover.xml")
        {
            Content = new StringContent("<Autodiscover/>", Encoding.UTF8, "text/xml"),
        };
        request.Headers.Authorization = LiveServer.Basic(login, password);
        return request;
    }

    [Fact]
    public async Task FailuresAcrossManyLoginsBlockTheClientAddress()
    {
        await using var server = await ConformanceServer.StartAsync(["alice"], new Dictionary<string, string>
        {
            ["BOURSE_Bourse__Throttling__AddressFailureLimit"] = "3",
            ["BOURSE_Bourse__Throttling__AddressBlockDuration"] = "00:10:00",
        });
        using var client = server.Server.CreateClient();
        foreach (var login in new[] { "carol@bourse.test", "dave@bourse.test", "alice@bourse.test" })
        {
            using var wrong = await client.SendAsync(Pox(login, "Spring2025!"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        // Blocked before any password is checked: even alice's right one, and NTLM's first leg too.
        using var blocked = await client.SendAsync(Pox("alice@bourse.test", ConformanceServer.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(5), "Retry-After should reflect the block duration");
        Assert.DoesNotContain("EwsUrl", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = await RawHttpConnection.OpenAsync(server.Port);
        var negotiate = await connection.SendAsync("POST", "/autodiscover/autodiscover.xml", "<Autodiscover/>",
            ("Authorization", "NTLM " + Convert.ToBase64String(new NtlmTokenClient().CreateNegotiate())));
        Assert.Equal(429, negotiate.Status);
        Assert.Null(negotiate.Token("NTLM"));
    }
}
