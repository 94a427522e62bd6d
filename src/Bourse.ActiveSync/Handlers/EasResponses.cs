using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Handlers;

/// The root element of each command's response, and the protocol-level answer with only a top-level Status.
internal static class EasResponses
{
    internal static (string Namespace, string Name)? Root(EasCommand command) => command switch
    {
        EasCommand.Sync => ("AirSync", "Sync"),
        EasCommand.SendMail => ("ComposeMail", "SendMail"),
        EasCommand.SmartForward => ("ComposeMail", "SmartForward"),
        EasCommand.SmartReply => ("ComposeMail", "SmartReply"),
        EasCommand.FolderSync => ("FolderHierarchy", "FolderSync"),
        EasCommand.FolderCreate => ("FolderHierarchy", "FolderCreate"),
        EasCommand.FolderDelete => ("FolderHierarchy", "FolderDelete"),
        EasCommand.FolderUpdate => ("FolderHierarchy", "FolderUpdate"),
        EasCommand.MoveItems => ("Move", "MoveItems"),
        EasCommand.GetItemEstimate => ("GetItemEstimate", "GetItemEstimate"),
        EasCommand.MeetingResponse => ("MeetingResponse", "MeetingResponse"),
        EasCommand.Search => ("Search", "Search"),
        EasCommand.Settings => ("Settings", "Settings"),
        EasCommand.Ping => ("Ping", "Ping"),
        EasCommand.ItemOperations => ("ItemOperations", "ItemOperations"),
        EasCommand.Provision => ("Provision", "Provision"),
        EasCommand.ResolveRecipients => ("ResolveRecipients", "ResolveRecipients"),
        EasCommand.ValidateCert => ("ValidateCert", "ValidateCert"),
        EasCommand.Find => ("Find", "Find"),
        _ => null,
    };

    /// <summary>
    /// A response carrying only a top-level Status (MS-ASCMD 2.2.2: the 1xx codes appear in the Status of the command's
    /// root). The Status element lives in the root's code page; MoveItems' page has one too.
    /// </summary>
    internal static EasResult Status(EasCommand command, int status)
    {
        if (Root(command) is not { } root)
            return new EasResult.Http(400);
        return new EasResult.Document(new WbxmlElement(root.Namespace, root.Name,
            new WbxmlElement(root.Namespace, "Status", status.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}
