namespace Bourse.ActiveSync.Protocol;

/// The command table as data: name ⇄ code, in the order MS-ASProtocolCommands lists them.
internal static class EasCommands
{
    // MS-ASHTTP 2.2.1.1.1.1.2: the command codes; MS-ASHTTP 2.2.1.1.1.2.1: the same names in plain text Cmd.
    internal static IReadOnlyList<EasCommand> All { get; } =
    [
        EasCommand.Sync, EasCommand.SendMail, EasCommand.SmartForward, EasCommand.SmartReply, EasCommand.GetAttachment,
        EasCommand.FolderSync, EasCommand.FolderCreate, EasCommand.FolderDelete, EasCommand.FolderUpdate,
        EasCommand.MoveItems, EasCommand.GetItemEstimate, EasCommand.MeetingResponse, EasCommand.Search,
        EasCommand.Settings, EasCommand.Ping, EasCommand.ItemOperations, EasCommand.Provision,
        EasCommand.ResolveRecipients, EasCommand.ValidateCert, EasCommand.Find,
    ];

    private static readonly Dictionary<string, EasCommand> ByName =
        All.ToDictionary(static c => Name(c), StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<byte> Codes = [.. All.Select(static c => (byte)c)];

    internal static string Name(EasCommand command) => command switch
    {
        EasCommand.Sync => "Sync",
        EasCommand.SendMail => "SendMail",
        EasCommand.SmartForward => "SmartForward",
        EasCommand.SmartReply => "SmartReply",
        EasCommand.GetAttachment => "GetAttachment",
        EasCommand.FolderSync => "FolderSync",
        EasCommand.FolderCreate => "FolderCreate",
        EasCommand.FolderDelete => "FolderDelete",
        EasCommand.FolderUpdate => "FolderUpdate",
        EasCommand.MoveItems => "MoveItems",
        EasCommand.GetItemEstimate => "GetItemEstimate",
        EasCommand.MeetingResponse => "MeetingResponse",
        EasCommand.Search => "Search",
        EasCommand.Settings => "Settings",
        EasCommand.Ping => "Ping",
        EasCommand.ItemOperations => "ItemOperations",
        EasCommand.Provision => "Provision",
        EasCommand.ResolveRecipients => "ResolveRecipients",
        EasCommand.ValidateCert => "ValidateCert",
        EasCommand.Find => "Find",
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    internal static bool TryFromName(string name, out EasCommand command) => ByName.TryGetValue(name, out command);

    internal static bool TryFromCode(byte code, out EasCommand command)
    {
        command = (EasCommand)code;
        return Codes.Contains(code);
    }
}
