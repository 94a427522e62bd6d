using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Codec;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// What a command may legitimately do to alice's mailbox (bob's is never touched).
internal enum MailboxEffect
{
    /// Nothing: no item or folder changes (protocol state and the device partnership may change).
    None,

    /// Items may be added, changed and deleted; the folders stay as they are (Sync).
    Items,

    /// Items may change folder; none appears or disappears, the folders stay (MoveItems).
    Moves,

    /// Items may be added (Sent Items, delivery, reports) and originals marked; none disappears, the folders stay (SendMail …).
    Compose,

    /// Folders the user made may be created, changed and deleted; the well-known folders and their items stay (FolderCreate …).
    Hierarchy,

    /// Anything but renaming, moving or deleting a well-known folder (ItemOperations, MeetingResponse).
    WellKnownFoldersStay,
}

/// <summary>
/// Sends the requests of one command's fuzz run and checks each answer (<see cref="ResponseOracle"/>), alice's change
/// number around each request of a command that must not change her mailbox, and bob's change number around every
/// request. Collects findings (the first of each kind minimised), and a sample of WBXML answers for libwbxml2.
/// </summary>
internal sealed class FuzzRun(FuzzHost host, string command, HttpClient http) : IDisposable
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, int> _perKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _samples = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _sent;

    internal List<string> Findings { get; } = [];

    internal int Sent => Volatile.Read(ref _sent);

    internal MailboxEffect Effect { get; } = EffectOf(command);

    internal static MailboxEffect EffectOf(string command) => command switch
    {
        "Sync" => MailboxEffect.Items,
        "MoveItems" => MailboxEffect.Moves,
        "SendMail" or "SmartReply" or "SmartForward" => MailboxEffect.Compose,
        "FolderCreate" or "FolderUpdate" or "FolderDelete" => MailboxEffect.Hierarchy,
        "ItemOperations" or "MeetingResponse" => MailboxEffect.WellKnownFoldersStay,
        _ => MailboxEffect.None,
    };

    /// Sends one request and records what is wrong with its answer, if anything.
    internal async Task<FuzzResponse> SendAsync(FuzzRequest request, string how)
    {
        var (response, finding) = await SendAndCheckAsync(request);
        if (finding is not null)
            await RecordAsync(request, how, response, finding);
        return response;
    }

    internal async Task<(FuzzResponse Response, FuzzFinding? Finding)> SendAndCheckAsync(FuzzRequest request)
    {
        var stray = host.Log.Drain();
        var aliceBefore = Effect == MailboxEffect.None ? await host.ChangeNumberAsync(host.Alice) : 0;
        var bobBefore = await host.ChangeNumberAsync(host.Bob);
        var response = await FuzzResponse.SendAsync(http, request, Timeout);
        Interlocked.Increment(ref _sent);
        var logged = host.Log.Drain();
        var finding = ResponseOracle.Check(request.AnsweringCommand(command), response, [.. stray, .. logged], host.Forbidden);
        if (finding is null && Effect == MailboxEffect.None && await host.ChangeNumberAsync(host.Alice) != aliceBefore)
            finding = new FuzzFinding("changed alice's mailbox", $"{command} must not change items or folders; {response}");
        if (finding is null && await host.ChangeNumberAsync(host.Bob) != bobBefore)
            finding = new FuzzFinding("touched bob's mailbox", $"bob's change number moved during alice's {command}; {response}");
        var decoded = response.ContentType == FuzzRequest.Wbxml && response.Body.Length > 0 ? WbxmlDecoder.Decode(response.Body).Root : null;
        var outcome = response.TransportError is not null ? "no answer" : $"HTTP {response.Status}" + (decoded is null ? "" : $" Status {ResponseOracle.TopStatus(decoded) ?? "-"}");
        lock (_gate)
        {
            if (finding is null && decoded is not null)
                _samples.TryAdd($"{response.Status}/{ResponseOracle.TopStatus(decoded)}/{decoded.Children.Count > 1}", response.Body);
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
        }

        return (response, finding);
    }

    /// A finding outside a single request (a mailbox comparison, the health check).
    internal void Record(string what)
    {
        lock (_gate)
            Findings.Add($"{command}: {what}");
    }

    private async Task RecordAsync(FuzzRequest request, string how, FuzzResponse response, FuzzFinding finding)
    {
        int seen;
        lock (_gate)
        {
            seen = _perKind.GetValueOrDefault(finding.Kind);
            _perKind[finding.Kind] = seen + 1;
        }

        if (seen >= 3)
            return;
        var sb = new StringBuilder();
        sb.Append(command).Append(": ").Append(finding.Kind).Append(" (").Append(how).Append("): ").Append(finding.Detail).Append('\n');
        sb.Append("  request: ").Append(request.Describe(512)).Append('\n');
        if (seen == 0 && finding.Kind is not ("hang" or "connection dropped"))
        {
            var minimal = await FuzzMinimizer.MinimizeAsync(request, finding.Kind, async r => (await SendAndCheckAsync(r)).Finding);
            if (minimal.Body.Length < request.Body.Length)
            {
                sb.Append("  minimised body (").Append(minimal.Body.Length).Append(" bytes): ").Append(Convert.ToHexString(minimal.Body)).Append('\n');
                if (WbxmlDecoder.Decode(minimal.Body).Root is { } tree)
                    sb.Append("  as XML: ").Append(Shorten(tree.ToString())).Append('\n');
            }
        }
        else if (WbxmlDecoder.Decode(request.Body).Root is { } tree)
        {
            sb.Append("  as XML: ").Append(Shorten(tree.ToString())).Append('\n');
        }

        lock (_gate)
            Findings.Add(sb.ToString());
    }

    /// Runs libwbxml2's wbxml2xml on the sampled answers: an independent decoder must read them too.
    internal void CheckSamplesWithLibWbxml(int max = 6)
    {
        // libwbxml2 0.11 has no Find code page (25): its answers cannot be checked with it.
        if (!LibWbxml.IsAvailable || command == "Find")
            return;
        foreach (var (key, body) in _samples.Take(max))
        {
            try
            {
                var xml = LibWbxml.WbxmlToXml(body);
                var root = WbxmlDecoder.Decode(body).Root!;
                if (xml.Name.LocalName != LibWbxml.LibName(root.Namespace, root.Name))
                    Record($"libwbxml2 reads root {xml.Name.LocalName}, we sent {root.Namespace}:{root.Name} ({key})");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.Xml.XmlException)
            {
                Record($"libwbxml2 rejects an answer ({key}): {e.Message}\n  body: {Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 512)))}");
            }
        }
    }

    internal int SampleCount => _samples.Count;

    /// How the answers were distributed (HTTP status and top-level Status), to see how deep the mutations reached.
    internal string Outcomes => string.Join(", ", _outcomes.Select(o => $"{o.Key} ×{o.Value}"));

    public void Dispose() => http.Dispose();

    private static string Shorten(string s) => s.Length > 1500 ? s[..1500] + "…" : s;
}
