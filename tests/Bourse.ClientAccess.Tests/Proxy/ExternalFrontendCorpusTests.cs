using System.Net;
using Bourse.ClientAccess.Tests.Proxy.Infrastructure;
using Xunit.Abstractions;

namespace Bourse.ClientAccess.Tests.Proxy;

/// <summary>
/// The same corpus against real <c>bourse</c> processes (a frontend and its backends started by the caller on
/// 127.0.0.1). Set BOURSE_ROUTING_FRONTEND=https://127.0.0.1:PORT, BOURSE_ROUTING_ALICE=login:password and
/// BOURSE_ROUTING_BOB=login:password (two users on databases served by different backends), optionally
/// BOURSE_ROUTING_BOB_MAILBOX=guid. Without them the test is reported as skipped. The decoy runs in this process;
/// a real host's endpoints differ from the echo endpoints, so only target-independent rules are checked.
/// </summary>
public sealed class ExternalFrontendCorpusTests(ITestOutputHelper output)
{
    [ExternalProcessesFact]
    public async Task CorpusAgainstRunningProcesses()
    {
        var frontend = Environment.GetEnvironmentVariable("BOURSE_ROUTING_FRONTEND");
        var alice = Environment.GetEnvironmentVariable("BOURSE_ROUTING_ALICE")?.Split(':', 2);
        var bob = Environment.GetEnvironmentVariable("BOURSE_ROUTING_BOB")?.Split(':', 2);
        Assert.True(frontend is not null && alice is { Length: 2 } && bob is { Length: 2 },
            "BOURSE_ROUTING_FRONTEND, BOURSE_ROUTING_ALICE and BOURSE_ROUTING_BOB must all be set (login:password).");
        var uri = new Uri(frontend);
        // This test only ever talks to this machine.
        Assert.True(IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address), "BOURSE_ROUTING_FRONTEND must be a loopback address");
        var bobMailbox = Environment.GetEnvironmentVariable("BOURSE_ROUTING_BOB_MAILBOX") ?? Guid.NewGuid().ToString();

        await using var decoy = await DecoyServer.StartAsync();
        var placeholders = new Dictionary<string, string>
        {
            ["decoy"] = decoy.Authority,
            ["decoyHost"] = decoy.Authority,
            ["decoyUser"] = "admin",
            ["backend-db02"] = decoy.Authority,
            ["bobMailboxId"] = bobMailbox,
            ["bobMailboxIdN"] = Guid.Parse(bobMailbox).ToString("N"),
        };
        var users = new CorpusRunner.Identities(alice[0], alice[1], bob[0], bob[1], bobMailbox, await SignInWithFormAsync(uri, alice[0], alice[1]));
        var failures = new List<string>();
        foreach (var name in CorpusCase.Names())
        {
            var c = CorpusCase.Load(name);
            var (status, head, body) = await RawHttpsClient.SendAsync(uri.Port, CorpusRunner.BuildHead(c, placeholders, users));
            var twoHundred = status is >= 200 and < 300;
            // A real host answers an OWA request without a session as forms-based OWA does: a redirect to its own sign-in
            // form (the test hosts answer 401). Never a redirect anywhere else.
            if (status == 302 && c.Auth == "none")
            {
                var location = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Location:", StringComparison.OrdinalIgnoreCase))?[9..].Trim();
                if (location?.StartsWith("/owa/auth/logon.aspx", StringComparison.Ordinal) == true && c.Expect.Contains(401))
                {
                    status = 401;
                }
            }
            if (c.Auth == "none" && twoHundred)
            {
                failures.Add($"{name}: anonymous request answered {status}");
            }
            if (c.Serve is null && !c.Expect.Contains(status))
            {
                failures.Add($"{name}: status {status}, expected {string.Join('/', c.Expect)}");
            }
            if (c.Auth.StartsWith("alice", StringComparison.Ordinal) && body.Contains(bob[0], StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{name}: response mentions the other user");
            }
            output.WriteLine($"{name}: {status}");
        }
        Assert.Equal(0, decoy.Connections);
        Assert.Equal(0, decoy.Requests);
        Assert.Empty(failures);
    }

    // What a browser does: load the sign-in form (anti-forgery cookie and token), post it, keep the session cookie.
    private static async Task<string> SignInWithFormAsync(Uri frontend, string login, string password)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            CookieContainer = cookies,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        var page = await http.GetStringAsync(new Uri(frontend, "/owa/auth/logon.aspx"));
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]*)\"").Groups[1].Value;
        using var response = await http.PostAsync(new Uri(frontend, "/owa/auth.owa"), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
            new("username", login),
            new("password", password),
        ]));
        var session = cookies.GetCookies(new Uri(frontend, "/owa/")).FirstOrDefault(c => c.Name == ".Bourse.Owa");
        Assert.True(session is not null, $"the OWA sign-in at {frontend} did not give a session ({(int)response.StatusCode})");
        return session.Name + "=" + session.Value;
    }
}
