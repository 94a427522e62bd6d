using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Bourse.Autodiscover.Connectivity;

namespace Bourse.Server.Cli;

/// <summary>
/// <c>bourse test-connectivity EMAIL [--server HOST] [--port N] [--dns-server IP[:PORT]] [--insecure] [--password-stdin] [--login NAME]</c>: walks
/// what a client does (DNS, TCP, TLS, Autodiscover in Outlook's order, authentication, a probe of every advertised URL),
/// printing each step as it completes.
/// </summary>
internal static class TestConnectivityCommand
{
    public static Command Create()
    {
        var email = new Argument<string>("EMAIL") { Description = "The mailbox to discover, e.g. alice@contoso.com." };
        var server = new Option<string?>("--server")
        {
            Description = "Ask this host's Autodiscover directly instead of discovering it from the domain; every advertised URL is then reached at this host too (testing a server before its DNS is published).",
            HelpName = "HOST",
        };
        var port = new Option<int?>("--port") { Description = "The HTTPS port in place of 443 (e.g. 8443).", HelpName = "N" };
        var dnsServer = new Option<string?>("--dns-server")
        {
            Description = "Ask this DNS server (IP or IP:PORT) for every name and the SRV record instead of the system's resolver, e.g. the domain's authoritative server before its records have spread.",
            HelpName = "IP[:PORT]",
        };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Go on when the certificate is not trusted or does not match (still reported)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input; without it the test stops at the authentication challenge." };
        var login = new Option<string?>("--login") { Description = "The sign-in name when it is not the email address (UPN or DOMAIN\\user).", HelpName = "NAME" };
        var command = new Command("test-connectivity", "Test, step by step, that a client can find and reach a mailbox (like Microsoft's Remote Connectivity Analyzer).")
        {
            email, server, port, dnsServer, insecure, passwordStdin, login,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(port) is { } p && p is < 1 or > 65535)
                result.AddError("--port must be between 1 and 65535.");
            if (result.GetValue(dnsServer) is { } d && !TryParseNameServer(d, out _))
                result.AddError("--dns-server must be an IP address, optionally with a port (192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53).");
        });
        command.SetAction(async (parse, _) =>
        {
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                string? password = null;
                if (parse.GetValue(passwordStdin))
                {
                    var (read, failure) = await PasswordInput.ReadAsync(cancel.Token);
                    if (failure is not null)
                        return CliOutput.Fail(failure);
                    password = read;
                }
                var host = parse.GetValue(server)?.Trim();
                var options = new ConnectivityTestOptions
                {
                    Email = parse.GetValue(email)!,
                    Login = parse.GetValue(login),
                    Password = password,
                    Server = string.IsNullOrEmpty(host) ? null : host,
                    Insecure = parse.GetValue(insecure),
                    HttpsPort = parse.GetValue(port) ?? 443,
                    Resolver = !string.IsNullOrEmpty(host) ? new PinnedServerResolver(host)
                        : TryParseNameServer(parse.GetValue(dnsServer), out var nameServer) ? new SystemConnectivityResolver(nameServer) : null,
                };
                CliOutput.Line($"Testing connectivity for {options.Email}{(options.Server is null ? "" : $" through {options.Server}")}:");
                var total = Stopwatch.StartNew();
                var report = await new ConnectivityTest(options, new LiveStepPrinter()).RunAsync(cancel.Token);
                CliOutput.Line(report.Success
                    ? $"Connectivity test passed in {total.ElapsedMilliseconds} ms."
                    : $"Connectivity test FAILED after {total.ElapsedMilliseconds} ms (see the FAIL lines above).");
                return report.Success ? ExitCodes.Success : ExitCodes.Failure;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    private static bool TryParseNameServer(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        text = text.Trim();
        if (IPAddress.TryParse(text, out var address))
        {
            endpoint = new IPEndPoint(address, 53);
            return true;
        }
        return IPEndPoint.TryParse(text, out endpoint) && endpoint.Port > 0;
    }
}
