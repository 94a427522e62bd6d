namespace Bourse.Testing;

internal sealed record RawHttpResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body)
{
    public IEnumerable<string> All(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? First(string name) => All(name).FirstOrDefault();

    /// <summary>The token of the first WWW-Authenticate with the given scheme, or null.</summary>
    public byte[]? Token(string scheme) =>
        All("WWW-Authenticate").Where(v => v.StartsWith(scheme + " ", StringComparison.OrdinalIgnoreCase))
            .Select(v => Convert.FromBase64String(v[(scheme.Length + 1)..])).FirstOrDefault();

    public override string ToString() => $"{Status}\n{string.Join('\n', Headers.Select(h => h.Name + ": " + h.Value))}\n\n{Body}";
}
