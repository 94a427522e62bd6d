namespace Bourse.ClientAccess.Tests.Proxy.Infrastructure;

/// <summary>
/// One request shape of the regression corpus (Proxy/Corpus/*.http): "# why" comment lines, "@auth none|alice|bob|alice-owa",
/// "@expect 404[,401]", optional "@serve node", then the request head with {placeholders}.
/// </summary>
internal sealed record CorpusCase(string Name, string Auth, IReadOnlyList<int> Expect, string? Serve, IReadOnlyList<string> RequestLines)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Proxy", "Corpus");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.EnumerateFiles(Folder, "*.http").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static CorpusCase Load(string name)
    {
        string auth = "none";
        string? serve = null;
        var expect = new List<int>();
        var request = new List<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Folder, name + ".http")))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("@auth ", StringComparison.Ordinal))
            {
                auth = line[6..].Trim();
            }
            else if (line.StartsWith("@expect ", StringComparison.Ordinal))
            {
                expect.AddRange(line[8..].Split(',').Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (line.StartsWith("@serve ", StringComparison.Ordinal))
            {
                serve = line[7..].Trim();
            }
            else
            {
                request.Add(line);
            }
        }
        return new CorpusCase(name, auth, expect, serve, request);
    }
}
