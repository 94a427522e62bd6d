using System.Text.Encodings.Web;

namespace Bourse.Server.Hosting;

/// <summary>GET /: tells a browser user where Outlook on the web is and how to set up mail clients.</summary>
internal static class LandingPage
{
    public static IResult Handle(ServerInfo info)
    {
        var e = HtmlEncoder.Default;
        var mail = e.Encode(info.MailHost);
        var autodiscover = e.Encode(info.AutodiscoverHost);
        var domain = e.Encode(info.Domain);
        var fingerprint = e.Encode(info.CertificateFingerprint);
        var certificateNote = info.SelfSignedCertificate
            ? $"<p>This server uses a self-signed certificate. Before trusting it, check that its SHA-256 fingerprint is <code>{fingerprint}</code> (printed by <code>bourse serve</code> at startup).</p>"
            : "";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Bourse mail server</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
            code { background: #f2f2f2; padding: 0 .25rem; border-radius: 3px; }
            a.button { display: inline-block; background: #0a64c8; color: #fff; padding: .5rem 1rem; border-radius: 4px; text-decoration: none; }
            </style>
            </head>
            <body>
            <h1>Bourse mail server for {{domain}}</h1>
            <p><a class="button" href="/owa">Outlook on the web</a> &mdash; read your mail in the browser at <code>/owa</code>.</p>
            <h2>Setting up a mail client</h2>
            <ul>
            <li><strong>Outlook</strong> (Windows, Mac, new Outlook): add an account with your email address; Outlook finds the server through Autodiscover at <code>{{autodiscover}}</code>.</li>
            <li><strong>Phones and tablets</strong>: add an <em>Exchange</em> account; server <code>{{mail}}</code>, user name = your email address.</li>
            <li><strong>Apple Mail, Evolution and other EWS clients</strong>: choose Exchange; server <code>{{mail}}</code> (EWS at <code>/EWS/Exchange.asmx</code>).</li>
            </ul>
            <p>DNS: <code>{{mail}}</code> and <code>{{autodiscover}}</code> must point to this server.</p>
            {{certificateNote}}
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
