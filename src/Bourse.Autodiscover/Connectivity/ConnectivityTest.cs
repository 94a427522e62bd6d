using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Connectivity;

/// <summary>
/// Walks what a client does to reach its mailbox, like a remote connectivity analyzer: for each Autodiscover candidate in
/// Outlook's order (https://DOMAIN, https://autodiscover.DOMAIN, the HTTP redirect method, the SRV record) the DNS lookup,
/// the TCP connection, the TLS handshake with the certificate's name check, authentication and the Autodiscover answer;
/// then a probe of every URL it advertised. Each step is recorded with its timing and the exact failure.
/// </summary>
public sealed class ConnectivityTest
{
    private const int MaxAddressRedirects = 10;
    private readonly ConnectivityTestOptions _options;
    private readonly IConnectivityResolver _resolver;
    private readonly IProgress<ConnectivityStep>? _progress;
    private readonly List<ConnectivityStep> _steps = [];
    private readonly Dictionary<string, string> _urls = new(StringComparer.Ordinal);

    /// <summary>Creates a test; <paramref name="progress"/> sees each step as it completes (for live printing).</summary>
    public ConnectivityTest(ConnectivityTestOptions options, IProgress<ConnectivityStep>? progress = null)
    {
        _options = options;
        _resolver = options.Resolver ?? new SystemConnectivityResolver();
        _progress = progress;
    }

    /// <summary>Runs every step and returns the report; never throws for a network failure (it becomes a failed step).</summary>
    public async Task<ConnectivityReport> RunAsync(CancellationToken ct = default)
    {
        var email = _options.Email.Trim();
        if (!EmailAddress.IsPlausible(email))
        {
            Record("Input", email, false, TimeSpan.Zero, "not an email address");
            return Report(null);
        }

        using var http = CreateHttpClient();
        string? answered = null;
        for (var hop = 0; hop <= MaxAddressRedirects && answered is null; hop++)
        {
            var (url, redirect) = await DiscoverAsync(http, email, ct);
            if (redirect is null)
            {
                answered = url;
                break;
            }

            // MS-OXDSCLI 3.1.5: a redirectAddr answer restarts discovery with the new address.
            email = redirect;
        }

        if (answered is not null)
        {
            foreach (var (name, url) in _urls.ToList())
                await ProbeAsync(http, name, url, ct);
        }

        return Report(answered);
    }

    private ConnectivityReport Report(string? answered) => new(_steps.ToList(), new Dictionary<string, string>(_urls), answered);

    private async Task<(string? Url, string? Redirect)> DiscoverAsync(HttpClient http, string email, CancellationToken ct)
    {
        var domain = EmailAddress.Domain(email);
        // MS-OXDSCLI 3.1.5: Outlook's order — https://DOMAIN/autodiscover/autodiscover.xml, https://autodiscover.DOMAIN/...,
        // then the unauthenticated HTTP GET redirect method, then the DNS SRV record _autodiscover._tcp.DOMAIN.
        var candidates = _options.Server is { } server
            ? [$"https://{server}/autodiscover/autodiscover.xml"]
            : new[] { $"https://{domain}/autodiscover/autodiscover.xml", $"https://autodiscover.{domain}/autodiscover/autodiscover.xml" };
        foreach (var candidate in candidates)
        {
            var outcome = await TryEndpointAsync(http, new Uri(candidate), email, ct);
            if (outcome is not null)
                return outcome.Value;
        }

        if (_options.Server is not null)
            return (null, null);

        var redirected = await TryHttpRedirectAsync(http, domain, ct);
        if (redirected is not null)
        {
            var outcome = await TryEndpointAsync(http, redirected, email, ct);
            if (outcome is not null)
                return outcome.Value;
        }

        var srvName = $"_autodiscover._tcp.{domain}";
        var sw = Stopwatch.StartNew();
        var srv = await _resolver.ResolveSrvAsync(srvName, ct);
        var best = srv.Where(r => r.Port == 443).OrderBy(r => r.Priority).ThenByDescending(r => r.Weight).FirstOrDefault();
        Record("DNS SRV lookup", srvName, best is not null, sw.Elapsed,
            best is null ? (srv.Count == 0 ? "no SRV record" : "no SRV record with port 443") : $"{best.Priority} {best.Weight} {best.Port} {best.Target}");
        if (best is not null)
        {
            var outcome = await TryEndpointAsync(http, new Uri($"https://{best.Target}/autodiscover/autodiscover.xml"), email, ct);
            if (outcome is not null)
                return outcome.Value;
        }

        Record("Autodiscover", email, false, TimeSpan.Zero, "no Autodiscover endpoint answered with settings");
        return (null, null);
    }

    // Returns null when this endpoint did not give an answer (try the next one), else the settings URL or a redirect address.
    private async Task<(string? Url, string? Redirect)?> TryEndpointAsync(HttpClient http, Uri uri, string email, CancellationToken ct)
    {
        var addresses = await ResolveStepAsync(uri.Host, ct);
        if (addresses.Count == 0 || !await TcpAndTlsStepsAsync(uri, addresses, ct))
            return null;

        var sw = Stopwatch.StartNew();
        HttpResponseMessage response;
        string body;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(OutlookRequest(email), Encoding.UTF8, "text/xml") };
            request.Headers.Add("X-MapiHttpCapability", "1");
            response = await SendAsync(http, request, ct);
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Record("Autodiscover POST", uri.ToString(), false, sw.Elapsed, Describe(e));
            return null;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                var challenge = string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
                Record("Authentication", uri.ToString(), false, sw.Elapsed,
                    _options.Password is null ? $"401: credentials required (offered: {challenge})" : $"401: credentials refused (offered: {challenge})");
                return null;
            }

            if (_options.Password is not null)
                Record("Authentication", uri.ToString(), true, sw.Elapsed, $"Basic as {_options.Login ?? _options.Email}");
            if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.MovedPermanently && response.Headers.Location is { } location)
            {
                Record("Autodiscover POST", uri.ToString(), false, sw.Elapsed, $"{(int)response.StatusCode} redirect to {location}");
                return location.IsAbsoluteUri && location.Scheme == Uri.UriSchemeHttps ? await TryEndpointAsync(http, location, email, ct) : null;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                Record("Autodiscover POST", uri.ToString(), false, sw.Elapsed, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                return null;
            }

            return InterpretPox(uri, body, sw.Elapsed);
        }
    }

    private (string? Url, string? Redirect)? InterpretPox(Uri uri, string body, TimeSpan elapsed)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(body);
        }
        catch (System.Xml.XmlException e)
        {
            Record("Autodiscover response", uri.ToString(), false, elapsed, "not XML: " + e.Message);
            return null;
        }

        var error = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
        if (error is not null)
        {
            var code = error.Elements().FirstOrDefault(e => e.Name.LocalName == "ErrorCode")?.Value;
            var message = error.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            Record("Autodiscover response", uri.ToString(), false, elapsed, $"error {code}: {message}");
            return null;
        }

        XNamespace ns = AutodiscoverNamespaces.OutlookResponse;
        var account = doc.Root?.Element(ns + "Response")?.Element(ns + "Account");
        var action = (string?)account?.Element(ns + "Action");
        if (action == "redirectAddr" && (string?)account!.Element(ns + "RedirectAddr") is { } redirect && EmailAddress.IsPlausible(redirect))
        {
            Record("Autodiscover response", uri.ToString(), true, elapsed, $"redirectAddr → {redirect}");
            return (null, redirect);
        }

        if (action != "settings")
        {
            Record("Autodiscover response", uri.ToString(), false, elapsed, $"unexpected Action '{action}'");
            return null;
        }

        var protocols = account!.Elements(ns + "Protocol").ToList();
        var expr = protocols.FirstOrDefault(p => (string?)p.Element(ns + "Type") == "EXPR") ?? protocols.FirstOrDefault(p => (string?)p.Element(ns + "Type") == "EXCH");
        AddUrl("EWS", (string?)expr?.Element(ns + "EwsUrl"));
        AddUrl("OAB", (string?)expr?.Element(ns + "OABUrl"));
        var mapi = protocols.FirstOrDefault(p => (string?)p.Attribute("Type") == "mapiHttp");
        AddUrl("MAPI mail store", (string?)mapi?.Element(ns + "MailStore")?.Element(ns + "ExternalUrl"));
        AddUrl("MAPI address book", (string?)mapi?.Element(ns + "AddressBook")?.Element(ns + "ExternalUrl"));
        var web = protocols.FirstOrDefault(p => (string?)p.Element(ns + "Type") == "WEB");
        AddUrl("OWA", (string?)web?.Element(ns + "External")?.Element(ns + "OWAUrl"));
        // ActiveSync clients learn their URL from the mobilesync provider; Bourse serves it at the EWS host.
        if (_urls.TryGetValue("EWS", out var ews) && Uri.TryCreate(ews, UriKind.Absolute, out var ewsUri))
            AddUrl("ActiveSync", $"https://{ewsUri.Authority}/Microsoft-Server-ActiveSync");
        var user = doc.Root!.Element(ns + "Response")?.Element(ns + "User");
        Record("Autodiscover response", uri.ToString(), true, elapsed,
            $"settings for {(string?)user?.Element(ns + "AutoDiscoverSMTPAddress")} ({(string?)user?.Element(ns + "DisplayName")}); EWS {(_urls.GetValueOrDefault("EWS") ?? "missing")}");
        return (uri.ToString(), null);
    }

    private void AddUrl(string name, string? url)
    {
        if (!string.IsNullOrWhiteSpace(url))
            _urls[name] = url;
    }

    private async Task<Uri?> TryHttpRedirectAsync(HttpClient http, string domain, CancellationToken ct)
    {
        var uri = new Uri($"http://autodiscover.{domain}/autodiscover/autodiscover.xml");
        if ((await ResolveStepAsync(uri.Host, ct)).Count == 0)
            return null;
        var sw = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await SendAsync(http, request, ct, authenticate: false);
            var location = response.Headers.Location;
            // MS-OXDSCLI 3.1.5.2: only a 302 to an https URL is followed; anything else moves on to the SRV record.
            var ok = response.StatusCode == HttpStatusCode.Found && location is { IsAbsoluteUri: true } && location.Scheme == Uri.UriSchemeHttps;
            Record("HTTP redirect method", uri.ToString(), ok, sw.Elapsed,
                ok ? $"302 → {location}" : $"HTTP {(int)response.StatusCode}{(location is null ? "" : $" → {location} (not https, ignored)")}");
            return ok ? location : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Record("HTTP redirect method", uri.ToString(), false, sw.Elapsed, Describe(e));
            return null;
        }
    }

    private async Task ProbeAsync(HttpClient http, string name, string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            Record($"Probe {name}", url, false, TimeSpan.Zero, "not an absolute URL");
            return;
        }

        var sw = Stopwatch.StartNew();
        try
        {
            var method = name == "ActiveSync" ? HttpMethod.Options : HttpMethod.Get;
            using var request = new HttpRequestMessage(method, name == "OAB" ? new Uri(uri, "oab.xml") : uri);
            using var response = await SendAsync(http, request, ct);
            var status = (int)response.StatusCode;
            // Reachable and authenticated: anything but 401/403/404 and server errors (EWS answers GET with 200 or 405).
            var ok = status is < 500 and not (401 or 403 or 404);
            var detail = $"HTTP {status} {response.ReasonPhrase}";
            // What the protocol itself says, so "reachable" is not mistaken for "working": MS-OXCMAPIHTTP 2.2.3.3.3
            // X-ResponseCode (0 = success), MS-ASHTTP 2.2.4 the ActiveSync versions the server offers.
            if (response.Headers.TryGetValues("X-ResponseCode", out var responseCode))
                detail += $", X-ResponseCode {string.Join(",", responseCode)}";
            if (name == "ActiveSync" && ok)
                detail += response.Headers.TryGetValues("MS-ASProtocolVersions", out var versions) ? $", versions {string.Join(",", versions)}" : ", no protocol versions offered";
            Record($"Probe {name}", uri.ToString(), ok, sw.Elapsed, detail);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Record($"Probe {name}", uri.ToString(), false, sw.Elapsed, Describe(e));
        }
    }

    private async Task<IReadOnlyList<IPAddress>> ResolveStepAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal))
            return [literal];
        var sw = Stopwatch.StartNew();
        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = await _resolver.ResolveAsync(host, ct);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            addresses = [];
        }

        Record("DNS lookup", host, addresses.Count > 0, sw.Elapsed, addresses.Count > 0 ? string.Join(", ", addresses) : "does not resolve");
        return addresses;
    }

    private async Task<bool> TcpAndTlsStepsAsync(Uri uri, IReadOnlyList<IPAddress> addresses, CancellationToken ct)
    {
        var port = MapPort(uri.Port);
        var sw = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        Socket? socket = null;
        string? failure = null;
        foreach (var address in addresses)
        {
            var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await s.ConnectAsync(address, port, timeout.Token);
                socket = s;
                break;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                failure = e is OperationCanceledException ? $"{address}:{port} timed out" : $"{address}:{port} {((SocketException)e).SocketErrorCode}";
                s.Dispose();
            }
        }

        Record("TCP connect", $"{uri.Host}:{port}", socket is not null, sw.Elapsed, socket is not null ? $"connected to {socket.RemoteEndPoint}" : failure ?? "no address");
        if (socket is null)
            return false;

        sw.Restart();
        using var stream = new NetworkStream(socket, ownsSocket: true);
        using var tls = new SslStream(stream);
        string certificateDetail = "";
        var certificateOk = false;
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = uri.Host,
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    certificateOk = Validate(cert, errors, out certificateDetail);
                    return certificateOk;
                },
            }, timeout.Token);
            var cert = tls.RemoteCertificate is null ? null : X509CertificateLoader.LoadCertificate(tls.RemoteCertificate.GetRawCertData());
            Record("TLS handshake", $"{uri.Host}:{port}", true, sw.Elapsed,
                $"{tls.SslProtocol}, {tls.NegotiatedCipherSuite}; certificate {cert?.Subject} valid until {cert?.NotAfter:yyyy-MM-dd}; {certificateDetail}");
            cert?.Dispose();
            return true;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            Record("TLS handshake", $"{uri.Host}:{port}", false, sw.Elapsed, certificateOk || certificateDetail.Length == 0 ? Describe(e) : certificateDetail);
            return false;
        }
    }

    private bool Validate(X509Certificate? certificate, SslPolicyErrors errors, out string detail)
    {
        if (certificate is not null && (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 && _options.TrustedRoots is { Count: > 0 } roots)
        {
            using var cert = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain.Build(cert))
                errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
        }

        var problems = new List<string>();
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            problems.Add("no certificate was presented");
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            problems.Add("the certificate does not cover this host name");
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            problems.Add("the certificate is not trusted (self-signed, expired or unknown issuer)");
        if (problems.Count == 0)
        {
            detail = "certificate valid for this host name";
            return true;
        }

        detail = string.Join("; ", problems) + (_options.Insecure ? " (ignored: --insecure)" : "");
        return _options.Insecure;
    }

    private HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = _options.Timeout,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, errors) => Validate(cert, errors, out _) },
            // Every connection goes through the pluggable resolver and the port mapping, never around them.
            ConnectCallback = async (context, ct) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolver.ResolveAsync(host, ct);
                if (addresses.Count == 0)
                    throw new HttpRequestException($"{host} does not resolve");
                var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses[0], MapPort(context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = _options.Timeout };
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct, bool authenticate = true)
    {
        if (authenticate && _options.Password is not null)
        {
            var login = _options.Login ?? _options.Email;
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:{_options.Password}")));
        }

        request.Headers.UserAgent.ParseAdd("Bourse-TestConnectivity/1.0");
        return http.SendAsync(request, ct);
    }

    private int MapPort(int port) => port switch
    {
        443 => _options.HttpsPort,
        80 => _options.HttpPort,
        _ => port,
    };

    private static string OutlookRequest(string email) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="{AutodiscoverNamespaces.OutlookRequest}">
          <Request>
            <EMailAddress>{System.Security.SecurityElement.Escape(email)}</EMailAddress>
            <AcceptableResponseSchema>{AutodiscoverNamespaces.OutlookResponse}</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """;

    private static string Describe(Exception e) => e switch
    {
        TaskCanceledException => "timed out",
        HttpRequestException { InnerException: { } inner } h => $"{h.Message} ({inner.Message})",
        _ => e.Message,
    };

    private void Record(string name, string target, bool success, TimeSpan elapsed, string detail)
    {
        var step = new ConnectivityStep(name, target, success, elapsed, detail);
        _steps.Add(step);
        _progress?.Report(step);
    }
}
