using System.Text;

namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>Sends a corpus case byte for byte to a front end and returns what came back.</summary>
internal static class CorpusRunner
{
    /// <param name="AliceOwaCookie">A real host's OWA session cookie ("name=value") for alice, from its sign-in form; test hosts
    /// take a placeholder cookie instead.</param>
    public sealed record Identities(string AliceLogin, string AlicePassword, string BobLogin, string BobPassword, string BobMailboxId, string? AliceOwaCookie = null);

    public static string BuildHead(CorpusCase c, IReadOnlyDictionary<string, string> placeholders, Identities users)
    {
        var lines = c.RequestLines.Select(l => Expand(l, placeholders)).ToList();
        var head = new StringBuilder();
        head.Append(lines[0]).Append("\r\n");
        var headers = lines.Skip(1).ToList();
        if (!headers.Any(h => h.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Insert(0, "Host: mail.bourse.test");
        }
        var cookie = string.Empty;
        switch (c.Auth)
        {
            case "alice":
                headers.Add("Authorization: " + Basic(users.AliceLogin, users.AlicePassword));
                break;
            case "bob":
                headers.Add("Authorization: " + Basic(users.BobLogin, users.BobPassword));
                break;
            case "alice-owa":
                // /owa signs in with a form: a real host's session cookie, or the test hosts' placeholder (with Basic).
                if (users.AliceOwaCookie is { } session)
                {
                    cookie = session;
                    break;
                }
                cookie = RoutingNode.OwaSessionCookie + "=" + users.AliceLogin;
                headers.Add("Authorization: " + Basic(users.AliceLogin, users.AlicePassword));
                break;
        }
        if (cookie.Length > 0)
        {
            var existing = headers.FindIndex(h => h.StartsWith("Cookie:", StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                headers[existing] += "; " + cookie;
            }
            else
            {
                headers.Add("Cookie: " + cookie);
            }
        }
        headers.Add("Connection: close");
        headers.Add("Content-Length: 0");
        foreach (var h in headers)
        {
            head.Append(h).Append("\r\n");
        }
        return head.Append("\r\n").ToString();
    }

    private static string Expand(string line, IReadOnlyDictionary<string, string> placeholders)
    {
        foreach (var (name, value) in placeholders)
        {
            line = line.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return line;
    }

    private static string Basic(string login, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password));
}
