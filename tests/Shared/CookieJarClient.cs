using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Bourse.Testing;

/// <summary>
/// A browser-like client that keeps cookies by hand (so tests see every Set-Cookie attribute), never follows
/// redirects, and accepts the test's self-signed certificate. Talks only to 127.0.0.1.
/// </summary>
internal sealed partial class CookieJarClient : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public List<string> LastSetCookies { get; } = [];

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value)));
        }
        var response = await _http.SendAsync(request);
        LastSetCookies.Clear();
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var header in values)
            {
                LastSetCookies.Add(header);
                var first = header.Split(';')[0];
                var eq = first.IndexOf('=');
                var name = first[..eq];
                var value = first[(eq + 1)..];
                if (value.Length == 0 || ExpiredPattern().IsMatch(header))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        configure?.Invoke(request);
        return SendAsync(request);
    }

    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        configure?.Invoke(request);
        return SendAsync(request);
    }

    public string? SetCookie(string name) => LastSetCookies.FirstOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    public void Dispose() => _http.Dispose();

    public static AuthenticationHeaderValue Basic(string login, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(login + ":" + password)));

    [GeneratedRegex("expires=Thu, 01 Jan 1970", RegexOptions.IgnoreCase)]
    private static partial Regex ExpiredPattern();
}
