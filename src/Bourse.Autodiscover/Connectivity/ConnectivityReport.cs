using System.Text;

namespace Bourse.Autodiscover.Connectivity;

/// <summary>The outcome of a <see cref="ConnectivityTest"/>: every step in order and the URLs Autodiscover advertised.</summary>
public sealed class ConnectivityReport(IReadOnlyList<ConnectivityStep> steps, IReadOnlyDictionary<string, string> advertisedUrls, string? autodiscoverUrl)
{
    /// <summary>Every step, in the order it ran.</summary>
    public IReadOnlyList<ConnectivityStep> Steps { get; } = steps;

    /// <summary>Service name (EWS, ActiveSync, MAPI mail store, …) → URL, as the Autodiscover response gave them.</summary>
    public IReadOnlyDictionary<string, string> AdvertisedUrls { get; } = advertisedUrls;

    /// <summary>The Autodiscover endpoint that answered with settings, if one did.</summary>
    public string? AutodiscoverUrl { get; } = autodiscoverUrl;

    /// <summary>True when Autodiscover answered and every advertised URL answered.</summary>
    public bool Success => AutodiscoverUrl is not null && Steps.Where(s => s.Name.StartsWith("Probe", StringComparison.Ordinal)).All(s => s.Success);

    /// <summary>The report as the CLI prints it, one step per line and a verdict.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        foreach (var s in Steps)
            sb.AppendLine(s.ToString());
        sb.AppendLine(Success ? "Connectivity test passed." : "Connectivity test FAILED.");
        return sb.ToString();
    }
}
