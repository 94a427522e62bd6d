using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Handlers;
using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// What is wrong with one answer; <see cref="Kind"/> is stable across retries of the same fault (used to minimise).
internal sealed record FuzzFinding(string Kind, string Detail);

/// <summary>
/// The properties every answer to any request must have, however bad the request: an answer at all (in time, on an
/// intact connection), no 5xx but 501, nothing logged as an error, no exception text, no other user's data, and a WBXML body
/// that our decoder reads with the command's own root — whose top-level Status is not 111, the status the endpoint
/// gives an exception that escaped a handler (MS-ASCMD 2.2.2: 111 ServerErrorRetryLater).
/// </summary>
internal static class ResponseOracle
{
    private static readonly string[] ExceptionText = ["Exception", "   at ", ".cs:line", "StackTrace", "System.", "Microsoft.", "Bourse."];

    internal static FuzzFinding? Check(string? command, FuzzResponse response, IReadOnlyList<string> loggedErrors, IReadOnlyList<string> forbidden)
    {
        if (response.TransportError is { } transport)
            return new FuzzFinding(transport.StartsWith("no answer", StringComparison.Ordinal) ? "hang" : "connection dropped", transport);
        // MS-ASHTTP 2.2.2.1.1: 501 is the protocol's answer for a command (or a command at this version) the server does not support.
        if (response.Status >= 500 && response.Status != 501)
            return new FuzzFinding($"HTTP {response.Status}", $"HTTP {response.Status}{(loggedErrors.Count > 0 ? "; logged: " + loggedErrors[0] : "")}");
        if (loggedErrors.Count > 0)
            return new FuzzFinding("logged error", $"HTTP {response.Status}; logged: {loggedErrors[0]}");

        var text = Encoding.Latin1.GetString(response.Body);
        foreach (var marker in ExceptionText)
        {
            if (text.Contains(marker, StringComparison.Ordinal))
                return new FuzzFinding("exception text in body", $"body contains \"{marker.Trim()}\"");
        }

        foreach (var secret in forbidden)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
                return new FuzzFinding("other user's data", $"body contains {secret}");
        }

        if (response.Body.Length == 0)
            return null;
        if (response.ContentType != FuzzRequest.Wbxml)
        {
            // Only GetAttachment (the attachment's own type) and ItemOperations (multipart) answer anything but WBXML.
            return command is "GetAttachment" or null || (command == "ItemOperations" && response.ContentType == "application/vnd.ms-sync.multipart")
                ? null
                : new FuzzFinding("unexpected content type", $"HTTP {response.Status} {response.ContentType}");
        }

        var decoded = WbxmlDecoder.Decode(response.Body);
        if (decoded.Root is not { } root)
            return new FuzzFinding("undecodable WBXML", $"{decoded.Error} at {decoded.Offset}");
        if (command is not null && EasCommands.TryFromName(command, out var cmd) && EasResponses.Root(cmd) is { } expected &&
            (root.Namespace != expected.Namespace || root.Name != expected.Name))
            return new FuzzFinding("wrong root", $"{root.Namespace}:{root.Name} for {command}");
        if (TopStatus(root) == "111")
            return new FuzzFinding("Status 111", "top-level Status 111 (an exception escaped the handler)");
        return null;
    }

    internal static string? TopStatus(WbxmlElement root) => root.Children.FirstOrDefault(c => c.Name == "Status")?.Text;
}
