using Bourse.ClientAccess.Auth;

namespace Bourse.ClientAccess.Routing;

/// <summary>
/// Checks the query string for smuggled paths and addresses. The query never chooses a route or a back end; the only
/// values read from it are the explicit-logon forms each protocol defines, which become a <see cref="MailboxTarget"/>.
/// </summary>
internal static class QueryStringInspector
{
    // Endpoint names that have no business inside a query value next to a path separator.
    private static readonly string[] EndpointNames = ["autodiscover.json", "autodiscover.xml", "autodiscover.svc", "/powershell", ".asmx"];

    public static RouteRejection Inspect(string? rawQuery, ClientAccessProtocol protocol, out MailboxTarget? target)
    {
        target = null;
        if (string.IsNullOrEmpty(rawQuery))
        {
            return RouteRejection.None;
        }
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var part = rawQuery[range];
            if (part.Length == 0)
            {
                continue;
            }
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var rawName = eq < 0 ? part : part[..eq];
            var rawValue = eq < 0 ? null : part[(eq + 1)..];
            var rejection = PercentDecoder.DecodeQueryComponent(rawName, out var name);
            var value = string.Empty;
            if (rejection == RouteRejection.None && rawValue is not null)
            {
                rejection = PercentDecoder.DecodeQueryComponent(rawValue, out value);
            }
            if (rejection == RouteRejection.None)
            {
                rejection = CheckComponent(name);
            }
            if (rejection == RouteRejection.None)
            {
                rejection = CheckComponent(value);
            }
            if (rejection == RouteRejection.None)
            {
                rejection = CheckParameter(name, value, rawValue is null, protocol, ref target);
            }
            if (rejection != RouteRejection.None)
            {
                return rejection;
            }
        }
        return RouteRejection.None;
    }

    private static RouteRejection CheckComponent(string text)
    {
        foreach (var c in text)
        {
            // NUL truncates in native code; CR/LF split headers when a value is copied into one.
            if (c < 0x20 || c == 0x7F)
            {
                return RouteRejection.ControlCharacter;
            }
        }
        // IIS 404.11: an escape that survives one decoding is double encoding.
        if (PercentDecoder.ContainsEscape(text))
        {
            return RouteRejection.DoubleEncoding;
        }
        var pathLike = text.AsSpan().IndexOfAny('/', '\\', '?') >= 0 || text.Contains('#', StringComparison.Ordinal);
        // CVE-2021-34473 (ProxyShell): "Email=autodiscover/autodiscover.json%3f@evil" — an address glued to a path
        // made Exchange's explicit-logon parser cut the URL and forward the rest to the back end.
        if (pathLike && text.Contains('@', StringComparison.Ordinal))
        {
            return RouteRejection.QuerySmuggling;
        }
        if (pathLike)
        {
            foreach (var endpoint in EndpointNames)
            {
                if (text.Contains(endpoint, StringComparison.OrdinalIgnoreCase))
                {
                    return RouteRejection.QuerySmuggling;
                }
            }
        }
        return RouteRejection.None;
    }

    private static RouteRejection CheckParameter(string name, string value, bool nameOnly, ClientAccessProtocol protocol, ref MailboxTarget? target)
    {
        // CVE-2021-34523 (ProxyShell): X-Rps-CAT carried a forged CommonAccessToken (an identity) to the back end.
        if (name.Equals("X-Rps-CAT", StringComparison.OrdinalIgnoreCase))
        {
            return RouteRejection.QuerySmuggling;
        }
        if (name.StartsWith('@'))
        {
            // Exchange's explicit logon in Autodiscover: "autodiscover.json?@user@domain". Only a bare, well-formed
            // address is a target; "?@evil.com/mapi/nspi/" and "?@evil.com" (CVE-2021-34473) are not.
            if (protocol == ClientAccessProtocol.Autodiscover && nameOnly && SmtpAddressSyntax.IsValid(name.AsSpan(1)))
            {
                return SetTarget(ref target, new MailboxTarget(MailboxTargetKind.SmtpAddress, name[1..]));
            }
            return RouteRejection.QuerySmuggling;
        }
        // No protocol defines a parameter whose name holds an address.
        if (name.Contains('@', StringComparison.Ordinal))
        {
            return RouteRejection.QuerySmuggling;
        }
        // MS-OXCMAPIHTTP 2.2.1: "/mapi/emsmdb/?MailboxId=<mailbox GUID>@<domain>" names the mailbox to open.
        if (protocol == ClientAccessProtocol.Mapi && name.Equals("MailboxId", StringComparison.OrdinalIgnoreCase))
        {
            var at = value.IndexOf('@', StringComparison.Ordinal);
            if (at < 0 || !Guid.TryParse(value.AsSpan(0, at), out var guid) || !SmtpAddressSyntax.IsValidDomain(value.AsSpan(at + 1)))
            {
                return RouteRejection.MalformedExplicitLogon;
            }
            return SetTarget(ref target, new MailboxTarget(MailboxTargetKind.MailboxGuid, guid.ToString("D")));
        }
        return RouteRejection.None;
    }

    private static RouteRejection SetTarget(ref MailboxTarget? target, MailboxTarget value)
    {
        // Two explicit-logon parameters: which one a later component would read is anyone's guess (parameter pollution).
        if (target is not null)
        {
            return RouteRejection.DuplicateParameter;
        }
        target = value;
        return RouteRejection.None;
    }
}
