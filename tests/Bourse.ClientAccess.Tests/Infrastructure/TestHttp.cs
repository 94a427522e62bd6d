using System.Net.Http.Headers;
using System.Text;

namespace Bourse.ClientAccess.Tests.Infrastructure;

internal static class TestHttp
{
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });

    public static AuthenticationHeaderValue Basic(string login, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password)));

    public static async Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = auth;
        return await client.SendAsync(request);
    }
}
