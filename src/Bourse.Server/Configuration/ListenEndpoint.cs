using System.Globalization;
using System.Net;

namespace Bourse.Server.Configuration;

/// <summary>One address to listen on. <see cref="Address"/> null means "localhost" (IPv4 and IPv6 loopback).</summary>
internal sealed record ListenEndpoint(IPAddress? Address, int Port, bool AnyAddress)
{
    public string Display(string scheme) => $"{scheme}://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Host => AnyAddress ? "*" : Address is null ? "localhost"
        : Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();

    /// <summary>Parses a ';' or ',' separated list such as "0.0.0.0:443; [::]:443". Returns null and an error sentence when invalid.</summary>
    public static IReadOnlyList<ListenEndpoint>? ParseList(string? text, string settingName, out string? error)
    {
        error = null;
        var list = new List<ListenEndpoint>();
        foreach (var part in (text ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out var endpoint))
            {
                error = $"{settingName} endpoint '{part}' is not valid; expected IP:PORT such as 0.0.0.0:443, [::]:443, *:443 or localhost:8443.";
                return null;
            }
            list.Add(endpoint);
        }
        return list;
    }

    public static bool TryParse(string text, out ListenEndpoint endpoint)
    {
        endpoint = null!;
        var s = text.Trim();
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            s = s[(scheme + 3)..];
        s = s.TrimEnd('/');
        var colon = s.LastIndexOf(':');
        if (colon <= 0 || s.EndsWith(']'))
            return false;
        var host = s[..colon];
        if (!int.TryParse(s[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return false;
        if (host is "*" or "+")
        {
            endpoint = new ListenEndpoint(IPAddress.IPv6Any, port, AnyAddress: true);
            return true;
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = new ListenEndpoint(null, port, AnyAddress: false);
            return true;
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        if (!IPAddress.TryParse(host, out var address))
            return false;
        endpoint = new ListenEndpoint(address, port, AnyAddress: false);
        return true;
    }
}
