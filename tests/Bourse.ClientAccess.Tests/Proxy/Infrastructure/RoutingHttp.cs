using System.Net.Http.Headers;

namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>An HttpClient for tests: never a proxy, never a redirect, any test certificate.</summary>
internal static class RoutingHttp
{
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });

    public static async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(
        this HttpClient client, HttpMethod method, string url, AuthenticationHeaderValue? auth = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = auth;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }
}
