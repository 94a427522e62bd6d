using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.State;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// A decoded Ping request (MS-ASCMD 2.2.1.13): the heartbeat and the folders, each absent when the device relies on what
/// the server cached. <see cref="FolderCount"/> counts every Folder element sent (duplicates included), for the MaxFolders check.
/// </summary>
internal sealed record PingRequest(long? HeartbeatSeconds, IReadOnlyList<PingFolder>? Folders, int FolderCount)
{
    private const string Ns = "Ping";

    internal static PingRequest Empty { get; } = new(null, null, 0);

    /// The request, or null when it is malformed (Status 4). A null root (empty body) is an empty request.
    internal static PingRequest? Parse(WbxmlElement? root)
    {
        if (root is null)
            return Empty;
        long? heartbeat = null;
        List<PingFolder>? folders = null;
        var count = 0;
        foreach (var child in root.Children)
        {
            if (child.Namespace != Ns)
                return null;
            switch (child.Name)
            {
                // MS-ASCMD 2.2.3.88.1: an integer number of seconds; each element at most once.
                case "HeartbeatInterval" when heartbeat is null:
                    if (!TryParseSeconds(child.Text, out var seconds) || child.Children.Count != 0)
                        return null;
                    heartbeat = seconds;
                    break;
                // MS-ASCMD 2.2.3.75.2: Folders holds one or more Folder, each with an Id and a Class (2.2.3.71.2).
                case "Folders" when folders is null:
                    if (child.Children.Count == 0 || child.Text is not null)
                        return null;
                    folders = new List<PingFolder>(child.Children.Count);
                    foreach (var folder in child.Children)
                    {
                        if (folder.Namespace != Ns || folder.Name != "Folder" || ParseFolder(folder) is not { } parsed)
                            return null;
                        count++;
                        if (!folders.Exists(f => f.Id == parsed.Id))
                            folders.Add(parsed);
                    }

                    break;
                default:
                    return null;
            }
        }

        return new PingRequest(heartbeat, folders, count);
    }

    private static PingFolder? ParseFolder(WbxmlElement folder)
    {
        string? id = null, cls = null;
        foreach (var part in folder.Children)
        {
            if (part.Namespace != Ns || part.Children.Count != 0)
                return null;
            switch (part.Name)
            {
                case "Id" when id is null && !string.IsNullOrEmpty(part.Text):
                    id = part.Text;
                    break;
                case "Class" when cls is null:
                    cls = part.Text ?? "";
                    break;
                default:
                    return null;
            }
        }

        return id is null ? null : new PingFolder(id, string.IsNullOrEmpty(cls) ? null : cls);
    }

    /// Digits only; a value past what a long holds is still "a number of seconds", just out of range.
    private static bool TryParseSeconds(string? text, out long seconds)
    {
        seconds = 0;
        if (string.IsNullOrEmpty(text) || !text.All(char.IsAsciiDigit))
            return false;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
            seconds = long.MaxValue;
        return true;
    }
}
