using Bourse.Testing;
using System.Net;
using System.Text.RegularExpressions;

namespace Bourse.ClientAccess.Tests.Forms;

/// <summary>What a browser does on the sign-in page: load the form, keep its token, post it.</summary>
internal static partial class OwaSignIn
{
    public static async Task<string> FormTokenAsync(CookieJarClient client, FrontDoorTestServer server, string query = "")
    {
        using var page = await client.GetAsync(server.Https("/owa/auth/logon.aspx" + query));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostAsync(CookieJarClient client, FrontDoorTestServer server, string login, string password,
        string? destination = null)
    {
        var token = await FormTokenAsync(client, server);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token),
            new("username", login),
            new("password", password),
        };
        if (destination is not null)
        {
            fields.Add(new("destination", destination));
        }
        return await client.PostFormAsync(server.Https("/owa/auth.owa"), fields);
    }

    public static async Task SignInAsync(CookieJarClient client, FrontDoorTestServer server, string login, string password)
    {
        using var response = await PostAsync(client, server, login, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(client.Cookies.ContainsKey(".Bourse.Owa"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex TokenPattern();
}
