namespace Bourse.ActiveSync.Protocol;

/// The headers of the answer to HTTP OPTIONS on the ActiveSync endpoint, as data; the HTTP layer writes them.
internal sealed record EasOptionsResponse(IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// The version of the server software reported in MS-Server-ActiveSync (Exchange reports its build line, e.g. 15.1).
    internal const string ServerVersion = "16.1";

    internal static EasOptionsResponse Default { get; } = Create(EasProtocolVersions.Supported, EasCommands.All);

    internal static EasOptionsResponse Create(IEnumerable<EasProtocolVersion> versions, IEnumerable<EasCommand> commands) => new(
    [
        // MS-ASHTTP section 4 (HTTP OPTIONS example): Allow and Public list OPTIONS,POST.
        new("Allow", "OPTIONS,POST"),
        new("Public", "OPTIONS,POST"),
        // MS-ASHTTP 2.2.4 (OPTIONS response): MS-Server-ActiveSync names the server version; clients must not key on it.
        new("MS-Server-ActiveSync", ServerVersion),
        // MS-ASHTTP 2.2.4.1.2.2 and 3.2.5.2 (required): MS-ASProtocolVersions is a comma-separated list of supported protocol versions.
        new("MS-ASProtocolVersions", string.Join(',', versions.Select(EasProtocolVersions.ToText))),
        // MS-ASHTTP 2.2.4.1.2.1 and 3.2.5.2 (required): MS-ASProtocolCommands is a comma-separated list of supported commands.
        new("MS-ASProtocolCommands", string.Join(',', commands.Select(EasCommands.Name))),
    ]);

    internal string? this[string name] =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
