using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// The command of a request as far as the front door can tell without parsing the body; a handler that knows better
/// sets <see cref="ProtocolLogEntry.Command"/>. Only names made of letters, digits, '.', '_' and '-' are kept.
/// </summary>
internal static class ProtocolCommandSniffer
{
    public static string? Sniff(HttpRequest request)
    {
        // Without a query string there is no Cmd or action to look for (and no query collection to build).
        var hasQuery = request.QueryString.HasValue;
        // MS-ASHTTP 2.2.1.1.1.1.1: the plain-text query names the command in Cmd.
        if (hasQuery && request.Query.TryGetValue("Cmd", out var cmd))
        {
            return Token(cmd.ToString());
        }
        // MS-OXCMAPIHTTP 2.2.3.1.6: X-RequestType names the MAPI over HTTP request (Connect, Execute, NotificationWait …).
        if (request.Headers.TryGetValue("X-RequestType", out var requestType))
        {
            return Token(requestType.ToString());
        }
        // EWS and SOAP Autodiscover clients send SOAPAction ".../messages/FindItem" (WS-I Basic Profile 1.1, SOAP 1.1).
        if (request.Headers.TryGetValue("SOAPAction", out var soapAction))
        {
            var action = soapAction.ToString().Trim('"');
            var slash = action.LastIndexOf('/');
            return Token(slash >= 0 ? action[(slash + 1)..] : action);
        }
        // OWA's service.svc?action=FindItem.
        if (hasQuery && request.Query.TryGetValue("action", out var owaAction))
        {
            return Token(owaAction.ToString());
        }
        return null;
    }

    private static string? Token(string value)
    {
        if (value.Length is 0 or > 64)
        {
            return null;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return null;
            }
        }
        return value;
    }
}
