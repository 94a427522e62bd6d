using System.Text;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// One request exactly as the fuzzer sends it — method, query, headers, content type and body — so that a finding can be
/// printed and replayed byte for byte.
/// </summary>
internal sealed record FuzzRequest(
    string Command,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string? ContentType,
    string Method = "POST")
{
    internal const string Wbxml = "application/vnd.ms-sync.wbxml";

    public FuzzRequest WithBody(byte[] body) => this with { Body = body };

    /// <summary>
    /// The command whose answer this request must get: the plain-text Cmd when there is exactly one, <paramref name="fallback"/>
    /// for the base64 form (no Cmd parameter), null when the line names several or none that the answer could be checked against.
    /// </summary>
    public string? AnsweringCommand(string fallback)
    {
        if (!Query.Contains('=', StringComparison.Ordinal))
            return fallback;
        var names = Query.Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == "Cmd").Select(p => p.Length == 2 ? Uri.UnescapeDataString(p[1]) : "").ToList();
        return names.Count == 1 ? names[0] : null;
    }

    public FuzzRequest WithHeader(string name, string? value)
    {
        var headers = Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (value is not null)
            headers.Add(new(name, value));
        return this with { Headers = headers };
    }

    /// The request as text: request line, headers, and the body in hex (cut after <paramref name="maxBodyBytes"/>).
    public string Describe(int maxBodyBytes = 1024)
    {
        var sb = new StringBuilder();
        sb.Append(Method).Append(" /Microsoft-Server-ActiveSync?").Append(Query.Length > 600 ? Query[..600] + "…" : Query).Append('\n');
        foreach (var h in Headers)
            sb.Append("  ").Append(h.Key).Append(": ").Append(h.Value.Length > 200 ? h.Value[..200] + "…" : h.Value).Append('\n');
        if (ContentType is not null)
            sb.Append("  Content-Type: ").Append(ContentType).Append('\n');
        sb.Append("  body ").Append(Body.Length).Append(" bytes: ")
            .Append(Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, maxBodyBytes))))
            .Append(Body.Length > maxBodyBytes ? "…" : "");
        return sb.ToString();
    }

    public override string ToString() => Describe();
}
