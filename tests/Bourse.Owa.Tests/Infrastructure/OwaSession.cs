using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bourse.Testing;

namespace Bourse.Owa.Tests.Infrastructure;

/// <summary>
/// A browser session against <see cref="OwaTestServer"/>: the cookie jar of <see cref="CookieJarClient"/>, the sign-in
/// form filled in like a user does, and JSON calls that echo the X-OWA-CANARY cookie in its header as the page script does.
/// </summary>
internal sealed partial class OwaSession(OwaTestServer server) : IDisposable
{
    public CookieJarClient Browser { get; } = new();

    /// <summary>Whether writes carry the canary header (tests of the anti-forgery check turn it off).</summary>
    public bool SendCanary { get; set; } = true;

    public async Task SignInAsync(string login, string password)
    {
        using var page = await Browser.GetAsync(server.Url("/owa/auth/logon.aspx?url=%2Fowa%2F"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var signIn = await Browser.PostFormAsync(server.Url("/owa/auth.owa"),
            [new("__RequestVerificationToken", token), new("username", login), new("password", password), new("destination", "/owa/")]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(Browser.Cookies.ContainsKey(".Bourse.Owa"), "no session cookie after sign-in");
        Assert.True(Browser.Cookies.ContainsKey("X-OWA-CANARY"), "no canary after sign-in");
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, server.Url(path)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (SendCanary && method != HttpMethod.Get && method != HttpMethod.Head && Browser.Cookies.TryGetValue("X-OWA-CANARY", out var canary))
            request.Headers.Add("X-OWA-CANARY", canary);
        return Browser.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => SendAsync(HttpMethod.Post, path, Json(body));

    public Task<HttpResponseMessage> PutJsonAsync(string path, object body) => SendAsync(HttpMethod.Put, path, Json(body));

    public Task<HttpResponseMessage> PatchJsonAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, Json(body));

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>GET, asserting 200, parsed.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Asserts the status and returns the parsed JSON body (undefined for an empty body).</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an error answer with the status and code of docs/owa-api.md.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var json = await ReadAsync(response, status);
        Assert.Equal(code, json.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", json.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Sends a JSON text as it is (malformed or oddly shaped bodies).</summary>
    public Task<HttpResponseMessage> SendJsonTextAsync(HttpMethod method, string path, string json) =>
        SendAsync(method, path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Asserts that GET, PUT (with <paramref name="putBody"/>) and DELETE of the object all answer 404 NotFound.</summary>
    public async Task AssertNotFoundToReadWriteAndDeleteAsync(string path, object putBody)
    {
        using (var get = await GetAsync(path))
            await AssertErrorAsync(get, HttpStatusCode.NotFound, "NotFound");
        using (var put = await PutJsonAsync(path, putBody))
            await AssertErrorAsync(put, HttpStatusCode.NotFound, "NotFound");
        using (var delete = await DeleteAsync(path))
            await AssertErrorAsync(delete, HttpStatusCode.NotFound, "NotFound");
    }

    public static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)), Encoding.UTF8, "application/json");

    public void Dispose() => Browser.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
