using System.CommandLine;
using Bourse.Server.Hosting;

namespace Bourse.Server.Cli;

/// <summary><c>bourse serve [--domain DOMAIN] [--https IP:PORT] [--demo] [--role all|frontend|backend]</c>.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var domain = new Option<string?>("--domain")
        {
            Description = $"The organisation's mail domain (default: Bourse:Domain, else the directory's first domain, else {Configuration.BourseOptions.DefaultDomain}).",
            HelpName = "DOMAIN",
        };
        var https = new Option<string?>("--https")
        {
            Description = $"HTTPS endpoint(s), e.g. *:443 (all interfaces) or \"192.0.2.10:443;[2001:db8::10]:443\" (default: Bourse:Https, else {Configuration.BourseOptions.DefaultHttps}).",
            HelpName = "IP:PORT",
        };
        var demo = new Option<bool>("--demo") { Description = "Create a demo organisation with users and sample mail (once) and print their logins." };
        var role = new Option<string?>("--role")
        {
            Description = "all (default): front door and mailboxes in one process; frontend: proxy mailboxes on other databases to Bourse:ClientAccess:Backends; backend: serve this server's databases for front ends.",
            HelpName = "all|frontend|backend",
        };
        role.AcceptOnlyFromAmong("all", "frontend", "backend");
        var command = new Command("serve", "Run the server (HTTPS only unless a plain HTTP endpoint is configured).") { domain, https, demo, role };
        command.SetAction((parse, _) => ServerHost.RunAsync(new ServeSettings(
            parse.GetValue(CommonOptions.Data) ?? CommonOptions.DefaultDataDirectory(),
            parse.GetValue(domain),
            parse.GetValue(https),
            parse.GetValue(demo),
            parse.GetValue(role))));
        return command;
    }
}
